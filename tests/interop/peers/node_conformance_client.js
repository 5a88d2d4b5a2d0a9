// node-soap (npm "soap") as the client under `faxstatus conformance client`.
//   NODE_PATH=.interop/node/node_modules node node_conformance_client.js WSDL
// Makes every SOAP step of the script (path in FAXWS_SCRIPT) with node-soap in WSDL mode, the
// step's credentials and a fresh x-ch-request-id per call (kept for the retry after a 503),
// and prints one JSON line per step with what node-soap made of the answer. XML and JSON
// steps are skipped: node-soap speaks SOAP only.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const soap = require("soap");

async function step(wsdl, script, s) {
  const out = { step: s.step };
  if (s.content_type !== "soap11" && s.content_type !== "soap12") {
    out.skipped = `node-soap has no ${s.content_type} form`;
    return out;
  }
  const v12 = s.content_type === "soap12";
  const client = await soap.createClientAsync(wsdl, {
    endpoint: script.endpoint,
    forceSoap12Headers: v12,
  });
  const port = client.FaxWS[v12 ? "FaxWS12" : "FaxWS"];
  const headers = { "x-ch-request-id": crypto.randomUUID() };
  if (s.credentials.Authorization) headers.Authorization = s.credentials.Authorization;
  let args = {};
  if (s.request_ids !== "none") {
    args = { UserID: s.UserID, strPIN: s.credentials.strPIN || "" };
    if (s.request_ids === "single") args.JobId = s.job_ids[0];
    else args.FaxJobIds = { item: s.job_ids.map((JobId) => ({ JobId })) };
  }
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      out.result = await new Promise((resolve, reject) =>
        port[s.operation](args, (err, result) => (err ? reject(err) : resolve(result)),
          { timeout: 20000 }, headers),
      );
    } catch (err) {
      const status = err.response && err.response.status;
      if (status === 503 && attempt === 1) {
        const wait = Number(err.response.headers["retry-after"] || 1);
        await new Promise((r) => setTimeout(r, wait * 1000));
        continue;
      }
      out.fault = err.root && err.root.Envelope ? err.root.Envelope.Body.Fault : String(err);
      out.status = status;
    }
    out.attempts = attempt;
    break;
  }
  return out;
}

async function main() {
  const wsdl = process.argv[2];
  const script = JSON.parse(fs.readFileSync(process.env.FAXWS_SCRIPT, "utf8"));
  for (const s of script.steps) {
    process.stdout.write(JSON.stringify(await step(wsdl, script, s)) + "\n");
  }
}

main().catch((err) => {
  process.stderr.write(`node-soap error: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
