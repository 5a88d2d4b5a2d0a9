#!/usr/bin/env node
// A conformance adapter for node-soap (npm "soap"): lets `faxstatus conformance` grade it.
//
// node-soap does the work: its WSDL reader loads schema/faxws.wsdl, `wsdl.xmlToObject` (the
// function its Client and Server both read messages with) decodes, its Client writes requests
// and `wsdl.objectToDocumentXML` (what its Server writes answers with) writes responses. This
// file only speaks the adapter protocol of README.md "For binding authors" and converts
// between node-soap's objects and the FaxWS JSON form; nothing is repaired.
//
//   node node_soap_adapter.js decode CONTENT-TYPE < message   # stdout: the JSON form
//   node node_soap_adapter.js encode FORM < json-form         # stdout: the wire body
//   node node_soap_adapter.js batch                           # JSON lines in and out
//
// Exit status 0 accepted, 1 rejected (reason on stderr), 3 unsupported (node-soap has no JSON
// form, reads no bare XML payload and writes no faults). FAXWS_WSDL overrides the WSDL path;
// `soap` must be resolvable (npm install soap, or NODE_PATH=…/node_modules).
'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');
const soap = require('soap');

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const WSDL = process.env.FAXWS_WSDL || path.join(__dirname, '..', '..', 'schema', 'faxws.wsdl');
const PORTS = { soap11: 'FaxWS', soap12: 'FaxWS12' };

class Rejected extends Error {}
class Unsupported extends Error {}

// node-soap's own options: nil elements read as null rather than dropped; with
// FAXWS_NUMBERS=strings (the kit's --numbers-as-strings) xsd:long stays text, since a JavaScript
// number cannot hold every 64-bit integer.
const OPTIONS = { handleNilAsNull: true };
if (process.env.FAXWS_NUMBERS === 'strings') OPTIONS.customDeserializer = { long: (t) => t };

async function binding() {
  // disableCache: node-soap shares one parsed WSDL, and its options, between clients.
  const clients = {
    soap11: await soap.createClientAsync(WSDL, { ...OPTIONS, disableCache: true }),
    soap12: await soap.createClientAsync(WSDL, { ...OPTIONS, disableCache: true, forceSoap12Headers: true }),
  };
  const wsdl = clients.soap11.wsdl;
  const methods = wsdl.definitions.bindings.FaxWS.methods;
  const keyOf = {}; // element local name -> JSON key
  const opOf = {}; // JSON key -> [operation, element, isResponse]
  for (const [name, m] of Object.entries(methods)) {
    keyOf[m.input.$name] = name;
    keyOf[m.output.$name] = `${name}Response`;
    opOf[name] = [name, m.input, false];
    opOf[`${name}Response`] = [name, m.output, true];
  }
  return { clients, wsdl, keyOf, opOf };
}

// ------------------------------------------------------------------------------ decode

function text(body, contentType) {
  const m = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType || '');
  let enc = m ? m[1].toLowerCase() : 'utf-8';
  if (body[0] === 0xff && body[1] === 0xfe) enc = 'utf-16le';
  else if (body[0] === 0xfe && body[1] === 0xff) enc = 'utf-16be';
  try {
    return new TextDecoder(enc, { fatal: true }).decode(body);
  } catch (e) {
    throw new Rejected(`cannot decode the body as ${enc}: ${e.message}`);
  }
}

function namespaces(xml) {
  // node-soap keeps QName values as written; resolve their prefixes from the declarations.
  const ns = {};
  for (const m of xml.matchAll(/xmlns:([\w.-]+)\s*=\s*["']([^"']*)["']/g)) ns[m[1]] = m[2];
  return ns;
}

function clark(qname, ns) {
  const q = String(qname || '').trim();
  const i = q.indexOf(':');
  if (i < 0) return q;
  const uri = ns[q.slice(0, i)];
  return uri ? `{${uri}}${q.slice(i + 1)}` : q;
}

function plain(value) {
  // node-soap's object to the JSON form: {"item": [...]} flattened, attributes dropped.
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => k !== 'attributes');
    if (keys.length === 1 && keys[0] === 'item') {
      const items = value.item;
      return (Array.isArray(items) ? items : [items]).map(plain);
    }
    if ('$value' in value) return plain(value.$value);
    const out = {};
    for (const k of keys) out[k] = plain(value[k]);
    return out;
  }
  return value;
}

function reasons(r) {
  const list = r && r.Text !== undefined ? (Array.isArray(r.Text) ? r.Text : [r.Text]) : [];
  return list.map((t) =>
    t && typeof t === 'object'
      ? { text: String(t.$value ?? ''), lang: (t.attributes || {})['xml:lang'] ?? '' }
      : { text: String(t ?? ''), lang: '' },
  );
}

function subcodes(code, ns) {
  const out = [];
  for (let s = code && code.Subcode; s; s = s.Subcode) out.push(clark(s.Value, ns));
  return out;
}

function faultJson(fault, ns, version) {
  if (version === '1.2') {
    return {
      Fault: {
        version,
        Code: clark(fault.Code && fault.Code.Value, ns),
        Subcodes: subcodes(fault.Code, ns),
        Reason: reasons(fault.Reason),
        Actor: null,
        Node: fault.Node ?? null,
        Role: fault.Role ?? null,
        Detail: null, // node-soap parses Detail to an object; its XML text is gone
      },
    };
  }
  const str = fault.faultstring;
  return {
    Fault: {
      version,
      Code: clark(typeof fault.faultcode === 'object' ? fault.faultcode.$value : fault.faultcode, ns),
      Subcodes: [],
      Reason: [{ text: String((str && str.$value) ?? str ?? ''), lang: '' }],
      Actor: fault.faultactor ?? null,
      Node: null,
      Role: null,
      Detail: null,
    },
  };
}

function decode(b, body, contentType) {
  const media = (contentType || '').split(';')[0].trim().toLowerCase();
  if (media === 'application/json' || media.endsWith('+json')) {
    throw new Unsupported('node-soap has no JSON form');
  }
  const xml = text(body, contentType);
  const ns = namespaces(xml);
  const version = Object.values(ns).includes(SOAP12) ? '1.2' : '1.1';
  let root;
  try {
    root = b.wsdl.xmlToObject(xml);
  } catch (e) {
    if (e && e.root && e.root.Envelope && e.root.Envelope.Body && e.root.Envelope.Body.Fault) {
      return faultJson(e.root.Envelope.Body.Fault, ns, version);
    }
    const why = e && e.Fault ? `${e.Fault.faultstring}: ${e.Fault.detail}` : String(e && e.message);
    throw new Rejected(why);
  }
  if (!root || !root.Body) {
    if (media === 'application/xml') throw new Unsupported('node-soap reads SOAP envelopes only');
    throw new Rejected('no SOAP Envelope with a Body');
  }
  const names = Object.keys(root.Body).filter((k) => k !== 'attributes');
  if (names.length !== 1) throw new Rejected(`the Body holds ${names.length} elements, not 1`);
  const key = b.keyOf[names[0]];
  if (!key) throw new Rejected(`not a FaxWS message: ${names[0]}`);
  const value = root.Body[names[0]];
  return { [key]: value === null ? {} : plain(value) };
}

// ------------------------------------------------------------------------------ encode

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

function soapArgs(v) {
  // null (a nil item) is written the node-soap way: an xsi:nil attribute on the element.
  if (v === null) return { attributes: { 'xsi:nil': 'true' } };
  if (Array.isArray(v)) return { item: v.map(soapArgs) };
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) out[k] = soapArgs(x);
    return out;
  }
  return v;
}

function captureRequest(client, port, op, args) {
  // node-soap's Client writes the request; a stand-in HTTP client keeps the bytes.
  return new Promise((resolve, reject) => {
    let sent = null;
    client.httpClient = {
      request(url, data, callback) {
        sent = data;
        callback(new Error('captured'));
      },
    };
    try {
      client.FaxWS[port][op](args, () => (sent === null ? reject(new Rejected('nothing written')) : resolve(sent)));
    } catch (e) {
      reject(new Rejected(String(e && e.message)));
    }
  });
}

function envelope(form, payload) {
  // The envelope node-soap's Server puts around an answer (server.js _envelope).
  const uri = form === 'soap12' ? SOAP12 : SOAP11;
  return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${uri}"><soap:Body>${payload}</soap:Body></soap:Envelope>`;
}

async function encode(b, doc, form) {
  if (form === 'json') throw new Unsupported('node-soap has no JSON form');
  if (!['soap11', 'soap12', 'xml'].includes(form)) throw new Rejected(`unknown form ${form}`);
  if (!doc || typeof doc !== 'object' || Array.isArray(doc) || Object.keys(doc).length !== 1) {
    throw new Rejected('the JSON form is an object with one key');
  }
  const [key, fields] = Object.entries(doc)[0];
  if (key === 'Fault') throw new Unsupported('this adapter writes no faults');
  const entry = b.opOf[key];
  if (!entry) throw new Rejected(`unknown message ${key}`);
  const [op, element, isResponse] = entry;
  const args = soapArgs(fields || {});
  // The wrapper declares the xsi prefix, so the payload stands alone (xml form, answers).
  args.attributes = { 'xmlns:xsi': XSI };
  if (!isResponse && form !== 'xml') {
    return Buffer.from(await captureRequest(b.clients[form], PORTS[form], op, args), 'utf8');
  }
  let payload;
  try {
    payload = b.wsdl.objectToDocumentXML(element.$name, args, element.targetNSAlias, element.targetNamespace);
  } catch (e) {
    throw new Rejected(String(e && e.message));
  }
  const out = form === 'xml' ? `<?xml version="1.0" encoding="utf-8"?>${payload}` : envelope(form, payload);
  return Buffer.from(out, 'utf8');
}

// ------------------------------------------------------------------------------ protocol

async function answer(b, mode, contentType, body) {
  if (mode === 'decode') return decode(b, body, contentType);
  if (mode === 'encode') {
    let doc;
    try {
      doc = JSON.parse(body.toString('utf8'));
    } catch (e) {
      throw new Rejected(`the input is not JSON: ${e.message}`);
    }
    return encode(b, doc, contentType);
  }
  throw new Rejected(`unknown mode ${mode}`);
}

async function batch(b) {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const req = JSON.parse(line);
    const out = { id: req.id };
    try {
      const result = await answer(b, req.mode, req.content_type, Buffer.from(req.body, 'base64'));
      out.status = 'ok';
      if (req.mode === 'decode') out.result = result;
      else out.output = result.toString('base64');
    } catch (e) {
      out.status = e instanceof Unsupported ? 'unsupported' : 'error';
      out.message = String(e && e.message);
    }
    process.stdout.write(JSON.stringify(out) + '\n');
  }
}

async function main(argv) {
  const b = await binding();
  if (argv[0] === 'batch') return batch(b);
  if (argv.length !== 2) {
    process.stderr.write('usage: node_soap_adapter.js decode CONTENT-TYPE | encode FORM | batch\n');
    return 2;
  }
  try {
    const result = await answer(b, argv[0], argv[1], fs.readFileSync(0));
    if (argv[0] === 'decode') process.stdout.write(JSON.stringify(result) + '\n');
    else process.stdout.write(result);
    return 0;
  } catch (e) {
    if (e instanceof Unsupported) {
      process.stderr.write(`unsupported: ${e.message}\n`);
      return 3;
    }
    process.stderr.write(`rejected: ${e && e.message}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code || 0;
  },
  (e) => {
    process.stderr.write(`adapter crashed: ${e && e.stack}\n`);
    process.exitCode = 2;
  },
);
