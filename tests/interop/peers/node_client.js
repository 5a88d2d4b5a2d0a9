// node-soap (npm "soap") in WSDL mode against a FaxWS endpoint, for faxstatus's interop tests.
//   NODE_PATH=.interop/node/node_modules node node_client.js WSDL URL 11|12 USER PIN OP [ID...]
// OP: ex (GetRealTimeFaxStatusEx), ex3, simple (SimpleGetFaxStatus), check (CheckService).
// URL "-" keeps the address the WSDL names (for a WSDL fetched from the service's ?wsdl).
// Prints the decoded answer as one JSON object; a SOAP fault as {"fault": {...}}.
"use strict";
const soap = require("soap");

async function main() {
  const [wsdl, url, version, user, pin, op, ...ids] = process.argv.slice(2);
  if (!op) {
    process.stderr.write("usage: node_client.js WSDL URL 11|12 USER PIN OP [ID...]\n");
    return 2;
  }
  const v12 = version === "12";
  const options = { forceSoap12Headers: v12 };
  if (url !== "-") options.endpoint = url;
  const client = await soap.createClientAsync(wsdl, options);
  // The SOAP 1.2 port is FaxWS12 (our WSDL's extension); the SOAP 1.1 port is FaxWS.
  const port = client.FaxWS[v12 ? "FaxWS12" : "FaxWS"];
  const call = (name, args) =>
    new Promise((resolve, reject) =>
      port[name](args, (err, result, raw) => (err ? reject(err) : resolve(result)), {
        timeout: 20000,
      }),
    );
  const request = { UserID: user, strPIN: pin, FaxJobIds: { item: ids.map((JobId) => ({ JobId })) } };
  let answer;
  try {
    if (op === "ex") answer = await call("GetRealTimeFaxStatusEx", request);
    else if (op === "ex3") answer = await call("GetRealTimeFaxStatusEx3", request);
    else if (op === "simple")
      answer = await call("SimpleGetFaxStatus", { UserID: user, strPIN: pin, JobId: ids[0] || "" });
    else if (op === "check") answer = await call("CheckService", {});
    else {
      process.stderr.write(`unknown operation ${op}\n`);
      return 2;
    }
  } catch (err) {
    if (err.root && err.root.Envelope) {
      const fault = err.root.Envelope.Body.Fault;
      process.stdout.write(JSON.stringify({ fault, status: err.response && err.response.status }) + "\n");
      return 3;
    }
    throw err;
  }
  const sent = { request: client.lastRequest, request_headers: client.lastRequestHeaders };
  process.stdout.write(JSON.stringify({ answer, ...sent }) + "\n");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`node-soap error: ${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  },
);
