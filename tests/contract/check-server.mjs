// Contract conformance: the training server answers as openapi.yaml says.
// Usage: node check-server.mjs <mfc-training-server> <openapi.yaml>
//
// Starts the server on a free loopback port with a temporary database
// (--seed demo), walks EVERY operation of the spec (paths × methods: an
// operation without a successful check fails the run), performs realistic
// calls plus the documented error cases, and checks each answer:
//   - the status is the expected one and is listed for the operation;
//   - a JSON body validates against the schema declared for that
//     operation and status ($ref resolved, OpenAPI 3.0.3 `nullable` read
//     strictly: only beside a `type`, see oas-schema.mjs;
//     formats from ajv-formats), an error body's code belongs to its status;
//   - documented headers are there: ETag (= `"<version>"`) on single
//     resources and on 412, Idempotent-Replayed only on replays,
//     Retry-After on 423, Content-Disposition on document content, …;
//   - binary bodies have a declared Content-Type.
// The events WebSocket is checked up to the 101 upgrade and its first text
// frame (an EventEnvelope). Prints TAP (one line per case) and exits non-zero
// on any failure. Known deviations of the server (KNOWN_DEVIATIONS below)
// are reported as `not ok … # TODO`; CHECK_SERVER_STRICT=1 makes them fail.
// CHECK_SERVER_TIMEOUT_MS bounds the whole run (default 240000).
// The server is always killed at the end, also on failure or timeout.

import { toJsonSchema as toOas } from "./oas-schema.mjs";
import { readFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { createHash, randomUUID, randomInt } from "node:crypto";
import http from "node:http";
import net from "node:net";
import { argv, exit } from "node:process";
import { parse as parseYaml } from "yaml";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const [serverBin, specFile] = [argv[2], argv[3]];
if (!serverBin || !specFile) {
  console.error("usage: node check-server.mjs <mfc-training-server> <openapi.yaml>");
  exit(2);
}
const TOTAL_TIMEOUT_MS = Number(process.env.CHECK_SERVER_TIMEOUT_MS ?? 240000);
const REQUEST_TIMEOUT_MS = 20000;

// ---- the spec, as lint-openapi.mjs loads it -------------------------------
const spec = parseYaml(readFileSync(specFile, "utf8"), { uniqueKeys: true, prettyErrors: true });
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function resolveRef(ref) {
  if (!ref.startsWith("#/")) throw new Error(`external $ref not supported: ${ref}`);
  let node = spec;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !(key in node)) throw new Error(`unresolved $ref: ${ref}`);
    node = node[key];
  }
  return node;
}
const deref = (obj) => {
  for (let i = 0; obj && typeof obj === "object" && typeof obj.$ref === "string"; i++) {
    if (i > 20) throw new Error(`$ref loop at ${obj.$ref}`);
    obj = resolveRef(obj.$ref);
  }
  return obj;
};

const toJsonSchema = (s) => toOas(s, "oas#/definitions/");
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addFormat("binary", true);
ajv.addFormat("password", true);
const definitions = {};
for (const [name, sch] of Object.entries(spec.components?.schemas ?? {})) definitions[name] = toJsonSchema(sch);
ajv.addSchema({ $id: "oas", definitions }, "oas");

// Error code → HTTP status (the table of info.description / ErrorCode).
const CODE_STATUS = {
  bad_request: 400, unauthorized: 401, invalid_otp: 401, forbidden: 403,
  late_cancellation: 403, not_found: 404, transition_not_allowed: 409,
  slot_taken: 409, precondition_failed: 412, too_large: 413,
  unsupported_type: 415, validation_failed: 422, consent_required: 422,
  reason_required: 422, slot_unavailable: 422, idempotency_conflict: 422,
  account_locked: 423, otp_required: 428, precondition_required: 428,
  rate_limited: 429, internal: 500,
};
// The server never emits `Z` and uses whole seconds (info: Transport and formats).
const SERVER_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

// Every operation of the spec; each must get at least one successful check.
const operations = new Map(); // "GET /api/v1/x/{id}" → {path, method, op, okCount}
for (const [path, item] of Object.entries(spec.paths ?? {})) {
  for (const method of METHODS) {
    if (item[method]) operations.set(`${method.toUpperCase()} ${path}`, { path, method, op: item[method], okCount: 0 });
  }
}
// Compiled validators per operation, status and media type.
const validators = new Map();
function responseValidator(opKey, status, mediaType) {
  const k = `${opKey} ${status} ${mediaType}`;
  if (!validators.has(k)) {
    const resp = deref(operations.get(opKey).op.responses[String(status)]);
    const schema = resp.content[mediaType].schema;
    validators.set(k, ajv.compile(toJsonSchema(schema)));
  }
  return validators.get(k);
}

// ---- known deviations of the server from the spec ---------------------------
// Case description → what is wrong. Such a case is reported as
// `not ok … # TODO` (an expected failure, the run still passes); once the
// server is fixed it passes and the run fails until the entry is removed.
// CHECK_SERVER_STRICT=1 turns them into plain failures.
// The server's clock (--now): a fixed Monday morning, so slots, deadlines
// and the 24-hour rule have the same cases whenever the test runs.
const SERVER_NOW_ISO = "2026-11-23T10:00:00+07:00";
const SERVER_NOW = Date.parse(SERVER_NOW_ISO);

const KNOWN_DEVIATIONS = new Map([
]);
const STRICT = process.env.CHECK_SERVER_STRICT === "1";

// ---- TAP -------------------------------------------------------------------
let n = 0;
let failures = 0;
function tapOk(desc) {
  if (KNOWN_DEVIATIONS.has(desc) && !STRICT) {
    failures++;
    console.log(`ok ${++n} - ${desc} # TODO fixed? remove it from KNOWN_DEVIATIONS in check-server.mjs`);
    return;
  }
  console.log(`ok ${++n} - ${desc}`);
}
function tapNotOk(desc, problems) {
  if (KNOWN_DEVIATIONS.has(desc) && !STRICT) {
    console.log(`not ok ${++n} - ${desc} # TODO known deviation: ${KNOWN_DEVIATIONS.get(desc)}`);
  } else {
    failures++;
    console.log(`not ok ${++n} - ${desc}`);
  }
  for (const p of problems) console.log(`#   ${p}`);
}
function tapSkip(desc, reason) { console.log(`ok ${++n} - ${desc} # SKIP ${reason}`); }
const diag = (msg) => console.log(`# ${msg}`);

// ---- the server process ------------------------------------------------------
let server = null;
let serverLog = "";
function killServer() {
  if (server && server.exitCode === null && server.signalCode === null) {
    try { server.kill("SIGKILL"); } catch { /* already gone */ }
  }
}
process.on("exit", killServer);
const crash = (e) => {
  console.log(`not ok ${++n} - the check itself did not crash`);
  for (const l of String(e?.stack ?? e).split("\n")) console.log(`#   ${l}`);
  console.log("Bail out! internal error of check-server.mjs");
  killServer();
  exit(1);
};
process.on("uncaughtException", crash);
process.on("unhandledRejection", crash);
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => { killServer(); exit(1); });
}
const bailTimer = setTimeout(() => {
  console.log(`not ok ${++n} - whole check finished within ${TOTAL_TIMEOUT_MS} ms`);
  console.log(`Bail out! timeout`);
  killServer();
  exit(1);
}, TOTAL_TIMEOUT_MS);

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let PORT = 0;
async function startServer() {
  for (let attempt = 1; attempt <= 3; attempt++) {
    PORT = await freePort();
    serverLog = "";
    server = spawn(serverBin, ["--listen", `127.0.0.1:${PORT}`, "--seed", "demo",
                               "--now", SERVER_NOW_ISO], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout.on("data", (d) => { serverLog += d; });
    server.stderr.on("data", (d) => { serverLog += d; });
    let spawnError = null;
    server.on("error", (e) => { spawnError = e; });
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      if (spawnError) throw new Error(`cannot start ${serverBin}: ${spawnError.message}`);
      if (server.exitCode !== null || server.signalCode !== null) break;
      try {
        const r = await request({ method: "GET", path: "/api/v1/config", timeout: 2000 });
        if (r.status === 200) return;
      } catch { /* not listening yet */ }
      await sleep(100);
    }
    killServer();
    diag(`server did not come up on port ${PORT} (attempt ${attempt}); its output:`);
    for (const l of serverLog.split("\n").slice(-20)) diag(`  ${l}`);
  }
  throw new Error("the training server did not start");
}

// ---- HTTP ----------------------------------------------------------------------
function request({ method, path, headers = {}, body, timeout = REQUEST_TIMEOUT_MS }) {
  return new Promise((resolve, reject) => {
    const buf = body === undefined ? null : Buffer.isBuffer(body) ? body : Buffer.from(body);
    const h = { ...headers };
    if (buf) h["Content-Length"] = String(buf.length);
    const req = http.request({ host: "127.0.0.1", port: PORT, method, path, headers: h, agent: false, timeout });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        let json;
        const ct = res.headers["content-type"] ?? "";
        if (/^application\/json\b/i.test(ct)) {
          try { json = JSON.parse(raw.toString("utf8")); } catch (e) { json = undefined; res.jsonError = e.message; }
        }
        resolve({ status: res.statusCode, headers: res.headers, raw, json, jsonError: res.jsonError });
      });
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`timeout after ${timeout} ms`)));
    // The server may answer (413) and close before the whole body is sent.
    req.on("error", (e) => { if (!answered) reject(e); });
    if (buf) req.write(buf);
    req.end();
  });
}

// WebSocket upgrade: resolves with {status, headers} of the 101 or the refusal.
function upgrade(path, headers = {}, keep = false) {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: "127.0.0.1", port: PORT, method: "GET", path, agent: false, timeout: REQUEST_TIMEOUT_MS,
      headers: {
        Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": Buffer.from(randomUUID().slice(0, 16)).toString("base64"), ...headers,
      },
    });
    req.on("upgrade", (res, socket, head) => {
      if (!keep) socket.destroy();
      resolve({ status: res.statusCode, headers: res.headers, raw: Buffer.alloc(0), json: undefined, key: req.getHeader("Sec-WebSocket-Key"), socket: keep ? socket : null, head });
    });
    req.on("response", (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        let json;
        try { json = JSON.parse(raw.toString("utf8")); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, raw, json });
      });
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
}

const tokens = {};
function authHeaders(who) {
  return who ? { Authorization: `Bearer ${tokens[who] ?? who}` } : {};
}

// One API call checked against the spec.
//   opKey: "METHOD /spec/path/{template}"; url: the concrete path (+query);
//   expect: the expected status; code: the expected error code (optional);
//   as: account whose token to send (or a raw token); json: body object;
//   replay: true when this must be a replay (Idempotent-Replayed: true).
async function call(opKey, url, { expect, code, as = "clerk", json, body, headers = {}, idem, ifMatch, label = "", replay = false, extra } = {}) {
  const entry = operations.get(opKey);
  if (!entry) throw new Error(`check names an operation not in the spec: ${opKey}`);
  const method = entry.method.toUpperCase();
  const h = { ...authHeaders(as), ...headers };
  let payload = body;
  if (json !== undefined) {
    payload = typeof json === "string" ? json : JSON.stringify(json);
    h["Content-Type"] ??= "application/json";
  }
  if (idem) h["Idempotency-Key"] = idem;
  if (ifMatch !== undefined) h["If-Match"] = ifMatch;
  const desc = `${method} ${entry.path} ${expect}${label ? ` (${label})` : ""}`;
  let res;
  try {
    res = await request({ method, path: url, headers: h, body: payload });
  } catch (e) {
    tapNotOk(desc, [`request ${method} ${url} failed: ${e.message}`]);
    return null;
  }
  const problems = checkResponse(entry, res, { expect, code, replay, url });
  if (extra) {
    try { extra(res, problems); } catch (e) { problems.push(`check threw: ${e.message}`); }
  }
  if (problems.length) {
    tapNotOk(desc, [`${method} ${url} → ${res.status}`, ...problems]);
  } else {
    tapOk(desc);
    if (res.status >= 200 && res.status < 300 || res.status === 101) entry.okCount++;
  }
  return res;
}

function checkResponse(entry, res, { expect, code, replay }) {
  const problems = [];
  const { op } = entry;
  const opKey = `${entry.method.toUpperCase()} ${entry.path}`;
  const st = String(res.status);
  if (res.status !== expect) {
    problems.push(`status ${res.status}, expected ${expect}`);
  }
  let respSpec = op.responses[st];
  if (!respSpec) {
    problems.push(`status ${st} is not listed for ${opKey} (lists ${Object.keys(op.responses).join(", ")})`);
  }
  respSpec = deref(respSpec);
  const ct = (res.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (respSpec) {
    const content = respSpec.content ?? {};
    const types = Object.keys(content);
    if (res.status === 101) {
      // the declared content is the schema of each text frame: see eventChecks
    } else if (types.length === 0) {
      if (res.raw.length !== 0) problems.push(`status ${st} has no content in the spec, got ${res.raw.length} bytes (${ct})`);
    } else if (!types.includes(ct)) {
      problems.push(`Content-Type ${JSON.stringify(res.headers["content-type"])} is not one of ${types.join(", ")}`);
    } else if (ct === "application/json") {
      if (res.json === undefined) {
        problems.push(`body is not JSON: ${res.jsonError ?? ""} ${res.raw.toString("utf8").slice(0, 200)}`);
      } else {
        const validate = responseValidator(opKey, st, ct);
        if (!validate(res.json)) {
          for (const e of validate.errors) {
            problems.push(`schema: ${e.instancePath || "/"} ${e.message}${e.params ? " " + JSON.stringify(e.params) : ""}`);
          }
        }
        walkDateTimes(res.json, "", problems);
      }
    } else if (res.raw.length === 0) {
      problems.push(`empty ${ct} body`);
    }
    // documented headers
    for (const [name0, hdr0] of Object.entries(respSpec.headers ?? {})) {
      const name = name0.toLowerCase();
      const value = res.headers[name];
      const hdr = deref(hdr0);
      if (name === "idempotent-replayed") {
        if (replay && value !== "true") problems.push(`header Idempotent-Replayed: expected "true" on a replay, got ${JSON.stringify(value)}`);
        if (!replay && value !== undefined) problems.push(`header Idempotent-Replayed present on a first request: ${JSON.stringify(value)}`);
        continue;
      }
      if (name === "retry-after" && res.status === 429) continue;
      if (value === undefined) {
        problems.push(`documented header ${name0} missing`);
        continue;
      }
      const hs = hdr.schema ? toJsonSchema(hdr.schema) : null;
      if (hs) {
        const v = hs.type === "integer" && /^-?\d+$/.test(value) ? Number(value) : value;
        const check = ajv.compile(hs);
        if (!check(v)) problems.push(`header ${name0}: ${JSON.stringify(value)} ${check.errors.map((e) => e.message).join("; ")}`);
      }
    }
  }
  // error bodies: the code belongs to the status, and is the expected one
  if (res.status >= 400 && res.json?.error) {
    const c = res.json.error.code;
    if (CODE_STATUS[c] !== undefined && CODE_STATUS[c] !== res.status) problems.push(`error code ${c} belongs to status ${CODE_STATUS[c]}, not ${res.status}`);
    if (code && c !== code) problems.push(`error code ${c}, expected ${code}`);
  }
  // a resource with a version: ETag is exactly "<version>"
  const etag = res.headers.etag;
  if (etag !== undefined && res.status < 300 && Number.isInteger(res.json?.version) && !opKey.endsWith("/comments")) {
    if (etag !== `"${res.json.version}"`) problems.push(`ETag ${etag} is not "${res.json.version}" (the body's version)`);
  }
  return problems;
}

function walkDateTimes(v, where, problems) {
  // Only strings the schemas declare as date-time are ISO 8601 with a `T`; a
  // stricter reading of the spec's "never Z, whole seconds" for every such value.
  if (typeof v === "string") {
    if (/^\d{4}-\d{2}-\d{2}T/.test(v) && !SERVER_DATE_TIME.test(v)) problems.push(`${where || "/"}: date-time ${v} is not "YYYY-MM-DDTHH:MM:SS±HH:MM" (spec: whole seconds, explicit offset, never Z)`);
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => walkDateTimes(x, `${where}/${i}`, problems));
  } else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) walkDateTimes(x, `${where}/${k}`, problems);
  }
}

function expectThat(cond, msg, problems) { if (!cond) problems.push(msg); }
const key = () => randomUUID();
const enc = encodeURIComponent;

// ---- test data helpers -------------------------------------------------------
function snilsWithChecksum(nine) {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (9 - i);
  let c;
  if (sum < 100) c = sum;
  else if (sum === 100 || sum === 101) c = 0;
  else { c = sum % 101; if (c === 100) c = 0; }
  return nine + String(c).padStart(2, "0");
}
function randomSnils() {
  // above 001-001-998, where the check number is defined
  return snilsWithChecksum(String(randomInt(2000000, 999999999)).padStart(9, "0"));
}
function innWithChecksum(ten) {
  const w11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
  const w12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
  const d = [...ten].map(Number);
  const c11 = (w11.reduce((s, w, i) => s + w * d[i], 0) % 11) % 10;
  d.push(c11);
  const c12 = (w12.reduce((s, w, i) => s + w * d[i], 0) % 11) % 10;
  return ten + c11 + c12;
}
// A 1×1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
function multipart(parts) {
  const boundary = `----mfc-contract-${randomUUID()}`;
  const chunks = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) head += `; filename="${p.filename}"`;
    head += "\r\n";
    if (p.type) head += `Content-Type: ${p.type}\r\n`;
    chunks.push(Buffer.from(head + "\r\n", "utf8"), Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data, "utf8"), Buffer.from("\r\n"));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

// The N-th working day after `from` (YYYY-MM-DD; `from` itself not counted),
// by the region calendar of GET /api/v1/config.
function isWorkingDay(iso) {
  const cal = config.calendar;
  if (cal.extra_working_days.includes(iso)) return true;
  const wd = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6 && !cal.holidays.includes(iso);
}
function dueDate(from, n) {
  let d = new Date(`${from}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    d = new Date(d.getTime() + 86400000);
    if (isWorkingDay(d.toISOString().slice(0, 10))) left--;
  }
  return d.toISOString().slice(0, 10);
}

// A ZIP archive with stored (uncompressed) entries.
const CRC_TABLE = Array.from({ length: 256 }, (_, i) => {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function zipStored(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name0, data0] of entries) {
    const name = Buffer.from(name0, "utf8");
    const data = Buffer.from(data0, "utf8");
    const crc = crc32(data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(data.length, 18); lh.writeUInt32LE(data.length, 22); lh.writeUInt16LE(name.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(20, 4); ch.writeUInt16LE(20, 6); ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(data.length, 20); ch.writeUInt32LE(data.length, 24); ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, name, data);
    centrals.push(ch, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

// ---- the walk ------------------------------------------------------------------
const P = "/api/v1";
const O = {
  login: "POST /api/v1/session", session: "GET /api/v1/session", logout: "DELETE /api/v1/session",
  config: "GET /api/v1/config", categories: "GET /api/v1/service-categories",
  services: "GET /api/v1/services", service: "GET /api/v1/services/{service_id}",
  users: "GET /api/v1/users",
  applicants: "GET /api/v1/applicants", createApplicant: "POST /api/v1/applicants",
  applicant: "GET /api/v1/applicants/{applicant_id}", patchApplicant: "PATCH /api/v1/applicants/{applicant_id}",
  tickets: "GET /api/v1/tickets", createTicket: "POST /api/v1/tickets",
  ticket: "GET /api/v1/tickets/{ticket_id}", patchTicket: "PATCH /api/v1/tickets/{ticket_id}",
  transition: "POST /api/v1/tickets/{ticket_id}/transitions", comment: "POST /api/v1/tickets/{ticket_id}/comments",
  attach: "POST /api/v1/tickets/{ticket_id}/documents",
  counts: "GET /api/v1/tickets/counts", handover: "POST /api/v1/tickets/{ticket_id}/handover",
  stats: "GET /api/v1/stats/tickets",
  upload: "POST /api/v1/documents", document: "GET /api/v1/documents/{document_id}",
  content: "GET /api/v1/documents/{document_id}/content",
  offices: "GET /api/v1/offices", office: "GET /api/v1/offices/{office_id}", geocode: "GET /api/v1/geocode", slots: "GET /api/v1/offices/{office_id}/slots",
  appointments: "GET /api/v1/appointments", createAppointment: "POST /api/v1/appointments",
  appointment: "GET /api/v1/appointments/{appointment_id}", moveAppointment: "PATCH /api/v1/appointments/{appointment_id}",
  cancel: "POST /api/v1/appointments/{appointment_id}/cancel", noShow: "POST /api/v1/appointments/{appointment_id}/no-show",
  tile: "GET /api/v1/map/tiles/{z}/{x}/{y}.png", events: "GET /api/v1/events",
};
for (const k of Object.values(O)) {
  if (!operations.has(k)) throw new Error(`the check knows ${k}, which the spec no longer has`);
}
const MISSING = "999999999";

async function login(who, login, extra = {}) {
  const r = await call(O.login, `${P}/session`, { as: null, json: { login, password: "demo", ...extra }, expect: 200, label: `login ${login}` });
  if (r?.status !== 200) throw new Error(`cannot log in as ${login}`);
  tokens[who] = r.json.token;
  return r.json;
}

async function sessionChecks() {
  await login("clerk", "clerk");
  await login("supervisor", "supervisor");
  await call(O.login, `${P}/session`, { as: null, json: { login: "clerk", password: "wrong-password" }, expect: 401, code: "unauthorized", label: "wrong password" });
  await call(O.login, `${P}/session`, { as: null, json: { login: "nobody-here", password: "demo" }, expect: 401, code: "unauthorized", label: "unknown login" });
  await login("clerk", "clerk"); // resets the failure counter
  await call(O.login, `${P}/session`, { as: null, json: { login: "clerk" }, expect: 422, code: "validation_failed", label: "no password" });
  await call(O.login, `${P}/session`, { as: null, json: "{not json", expect: 400, code: "bad_request", label: "malformed JSON" });
  await call(O.login, `${P}/session`, { as: null, json: { login: "clerk2fa", password: "demo" }, expect: 428, code: "otp_required", label: "no one-time code" });
  await call(O.login, `${P}/session`, { as: null, json: { login: "clerk2fa", password: "demo", otp: "12ab" }, expect: 422, code: "validation_failed", label: "one-time code not six digits" });
  await call(O.login, `${P}/session`, { as: null, json: { login: "clerk2fa", password: "demo", otp: "123456" }, expect: 401, code: "invalid_otp", label: "wrong one-time code" });
  await login("clerk2fa", "clerk2fa", { otp: "000000" });

  await call(O.session, `${P}/session`, { expect: 200, extra: (r, p) => expectThat(r.json?.user?.login === "clerk", `user.login ${r.json?.user?.login}`, p) });
  await call(O.session, `${P}/session`, { as: null, expect: 401, code: "unauthorized", label: "no token" });
  await call(O.session, `${P}/session`, { as: "0000000000000000bogus", expect: 401, code: "unauthorized", label: "unknown token" });
  // log out a token of its own, then it no longer works
  const r = await call(O.login, `${P}/session`, { as: null, json: { login: "clerk", password: "demo" }, expect: 200, label: "second session" });
  tokens.spare = r?.json?.token;
  await call(O.logout, `${P}/session`, { as: "spare", expect: 204 });
  await call(O.session, `${P}/session`, { as: "spare", expect: 401, code: "unauthorized", label: "after logout" });
  await call(O.logout, `${P}/session`, { as: "spare", expect: 401, code: "unauthorized", label: "after logout" });
}

async function lockoutChecks() {
  // `trainer` is used nowhere else in this run (the server and its database
  // are this run's own, so the 15-minute lock harms nobody).
  for (let i = 1; i <= 5; i++) {
    await call(O.login, `${P}/session`, { as: null, json: { login: "trainer", password: `wrong-${i}` }, expect: 401, code: "unauthorized", label: `trainer wrong password ${i}/5` });
  }
  await call(O.login, `${P}/session`, {
    as: null, json: { login: "trainer", password: "demo" }, expect: 423, code: "account_locked", label: "locked after 5 failures, right password",
    extra: (r, p) => expectThat(Number(r.headers["retry-after"]) >= 1, `Retry-After ${r.headers["retry-after"]}`, p),
  });
}

let config;
async function catalogueChecks() {
  const c = await call(O.config, `${P}/config`, { as: null, expect: 200, label: "no token" });
  config = c.json;
  const cats = await call(O.categories, `${P}/service-categories?limit=2`, { expect: 200,
    extra: (r, p) => expectThat(r.json.items.length <= 2, `${r.json.items.length} items for limit=2`, p) });
  if (cats?.json?.next_cursor) {
    await call(O.categories, `${P}/service-categories?limit=2&cursor=${enc(cats.json.next_cursor)}`, { expect: 200, label: "next page",
      extra: (r, p) => expectThat(!r.json.items.some((c) => cats.json.items.some((d) => d.id === c.id)), "the next page repeats items", p) });
  }
  await call(O.categories, `${P}/service-categories?cursor=${enc("bad cursor!")}`, { expect: 400, code: "bad_request", label: "malformed cursor" });
  await call(O.categories, `${P}/service-categories`, { as: null, expect: 401, code: "unauthorized", label: "no token" });

  const services = await call(O.services, `${P}/services?limit=200`, { expect: 200 });
  const cat = services.json.items[0].category.id;
  await call(O.services, `${P}/services?category=${enc(cat)}&q=${enc("а")}`, { expect: 200, label: "category and q",
    extra: (r, p) => expectThat(r.json.items.every((s) => s.category.id === cat), "category filter not applied", p) });
  await call(O.services, `${P}/services?limit=0`, { expect: 400, code: "bad_request", label: "limit=0" });
  await call(O.services, `${P}/services?limit=201`, { expect: 400, code: "bad_request", label: "limit=201" });
  const sid = services.json.items[0].id;
  await call(O.service, `${P}/services/${sid}`, { expect: 200 });
  await call(O.service, `${P}/services/${MISSING}`, { expect: 404, code: "not_found", label: "unknown id" });
  await call(O.service, `${P}/services/${sid}`, { as: null, expect: 401, code: "unauthorized", label: "no token" });

  const users = await call(O.users, `${P}/users?role=supervisor`, { expect: 200,
    extra: (r, p) => expectThat(r.json.items.every((u) => u.role === "supervisor"), "role filter not applied", p) });
  await call(O.users, `${P}/users?role=nobody`, { expect: 400, code: "bad_request", label: "unknown role" });
  await call(O.users, `${P}/users`, { as: null, expect: 401, code: "unauthorized", label: "no token" });
  return { services: services.json.items, supervisors: users.json.items };
}

async function applicantChecks() {
  const list = await call(O.applicants, `${P}/applicants?limit=5`, { expect: 200 });
  const some = list.json.items[0];
  await call(O.applicants, `${P}/applicants?snils=${some.snils}`, { expect: 200, label: "by snils",
    extra: (r, p) => expectThat(r.json.items.length === 1 && r.json.items[0].id === some.id, "snils search did not find the applicant", p) });
  await call(O.applicants, `${P}/applicants?phone=${enc(some.phone)}`, { expect: 200, label: "by phone" });
  await call(O.applicants, `${P}/applicants?snils=123`, { expect: 400, code: "bad_request", label: "malformed snils" });
  if (list.json.next_cursor) {
    await call(O.applicants, `${P}/applicants?limit=5&cursor=${enc(list.json.next_cursor)}`, { expect: 200, label: "next page" });
    await call(O.applicants, `${P}/applicants?limit=5&q=${enc("ов")}&cursor=${enc(list.json.next_cursor)}`, { expect: 400, code: "bad_request", label: "cursor with other filters" });
  }
  await call(O.applicants, `${P}/applicants`, { as: null, expect: 401, code: "unauthorized", label: "no token" });

  const base = () => ({
    surname: "Контрактова", given_name: "Тестина", patronymic: "Проверовна", birth_date: "1990-04-12",
    snils: randomSnils(), inn: innWithChecksum(`54${String(randomInt(0, 99999999)).padStart(8, "0")}`),
    passport: { series: "5004", number: String(randomInt(100000, 999999)), issued_by: "ГУ МВД России по Учебной области", issue_date: "2015-06-03", division_code: "540-001" },
    phone: `+7913${String(randomInt(0, 9999999)).padStart(7, "0")}`, email: "test@example.ru",
    address: "Учебная обл., г. Новоучебск, ул. Ленина, д. 1", consent: { given: true },
  });
  let created;
  for (let i = 0; i < 5 && !created; i++) {
    const body = base();
    const k = key();
    const r = await call(O.createApplicant, `${P}/applicants`, { json: body, idem: k, expect: 201,
      extra: (res, p) => expectThat(res.json?.snils === body.snils && res.json?.consent?.clerk_id === "1", `snils/clerk_id not as sent: ${res.json?.snils} ${res.json?.consent?.clerk_id}`, p) });
    if (r?.status === 201) {
      created = r.json;
      await call(O.createApplicant, `${P}/applicants`, { json: body, idem: k, expect: 201, replay: true, label: "replay",
        extra: (res, p) => expectThat(res.json?.id === created.id, `replay created another applicant ${res.json?.id}`, p) });
      await call(O.createApplicant, `${P}/applicants`, { json: { ...body, surname: "Другая" }, idem: k, expect: 422, code: "idempotency_conflict", label: "same key, other body" });
      await call(O.createApplicant, `${P}/applicants`, { json: { ...base(), snils: body.snils }, idem: key(), expect: 422, code: "validation_failed", label: "duplicate snils",
        extra: (res, p) => expectThat(res.json?.error?.fields?.snils, "fields.snils missing", p) });
    }
  }
  if (!created) throw new Error("could not create an applicant");
  const first = await request({ method: "GET", path: `${P}/applicants?limit=5`, headers: authHeaders("clerk") });
  await call(O.applicants, `${P}/applicants?limit=5&cursor=`, { expect: 200, label: "empty cursor = first page",
    extra: (r, p) => expectThat(JSON.stringify(r.json.items.map((a) => a.id)) === JSON.stringify(first.json?.items?.map((a) => a.id)), "empty cursor does not give the first page", p) });
  {
    const p = [];
    expectThat(created.full_name === `${created.surname} ${created.given_name} ${created.patronymic}`, `full_name ${JSON.stringify(created.full_name)}`, p);
    if (p.length) tapNotOk("POST /api/v1/applicants 201 (full_name is surname given_name patronymic)", p);
    else tapOk("POST /api/v1/applicants 201 (full_name is surname given_name patronymic)");
  }
  {
    // a failed request is not remembered: the same key then works
    const k2 = key();
    const b2 = base();
    await call(O.createApplicant, `${P}/applicants`, { json: { ...b2, consent: { given: false } }, idem: k2, expect: 422, code: "consent_required", label: "no consent, key reused next" });
    await call(O.createApplicant, `${P}/applicants`, { json: b2, idem: k2, expect: 201, label: "same key after a 422 is processed afresh" });
    // keys are scoped to the user: another user's same key is a new request
    await call(O.createApplicant, `${P}/applicants`, { as: "supervisor", json: base(), idem: k2, expect: 201, label: "another user's key" });
  }
  await call(O.createApplicant, `${P}/applicants`, { json: base(), idem: "x".repeat(256), expect: 400, code: "bad_request", label: "Idempotency-Key of 256 characters" });
  const bad = base();
  const s = bad.snils;
  bad.snils = s.slice(0, 9) + String((Number(s.slice(9)) + 1) % 100).padStart(2, "0");
  {
    const b = base();
    b.inn = b.inn.slice(0, 11) + String((Number(b.inn[11]) + 1) % 10);
    await call(O.createApplicant, `${P}/applicants`, { json: b, idem: key(), expect: 422, code: "validation_failed", label: "bad INN checksum",
      extra: (res, p) => expectThat(res.json?.error?.fields?.inn, "fields.inn missing", p) });
    await call(O.createApplicant, `${P}/applicants`, { json: { ...base(), birth_date: "2999-01-01" }, idem: key(), expect: 422, code: "validation_failed", label: "birth_date in the future",
      extra: (res, p) => expectThat(res.json?.error?.fields?.birth_date, "fields.birth_date missing", p) });
    await call(O.createApplicant, `${P}/applicants`, { json: { ...base(), passport: { ...base().passport, division_code: "540001" } }, idem: key(), expect: 422, code: "validation_failed", label: "bad division_code",
      extra: (res, p) => expectThat(res.json?.error?.fields?.["passport.division_code"], "fields[passport.division_code] missing", p) });
    const given = "2026-01-15T10:20:30+07:00";
    await call(O.createApplicant, `${P}/applicants`, { json: { ...base(), patronymic: null, inn: null, consent: { given: true, given_at: given } }, idem: key(), expect: 201, label: "no patronymic, consent.given_at sent",
      extra: (res, p) => {
        expectThat(Date.parse(res.json?.consent?.given_at) === Date.parse(given), `consent.given_at ${res.json?.consent?.given_at}, sent ${given}`, p);
        expectThat(res.json?.full_name === `${res.json?.surname} ${res.json?.given_name}`, `full_name ${JSON.stringify(res.json?.full_name)} (no patronymic: two words)`, p);
      } });
  }
  await call(O.createApplicant, `${P}/applicants`, { json: bad, idem: key(), expect: 422, code: "validation_failed", label: "bad SNILS checksum",
    extra: (res, p) => expectThat(res.json?.error?.fields?.snils, "fields.snils missing", p) });
  await call(O.createApplicant, `${P}/applicants`, { json: { ...base(), consent: { given: false } }, idem: key(), expect: 422, code: "consent_required", label: "no consent" });
  await call(O.createApplicant, `${P}/applicants`, { json: base(), expect: 400, code: "bad_request", label: "no Idempotency-Key",
    extra: (res, p) => expectThat(res.json?.error?.fields?.["Idempotency-Key"], "fields[Idempotency-Key] missing", p) });
  await call(O.createApplicant, `${P}/applicants`, { json: "[1,2]", idem: key(), expect: 400, code: "bad_request", label: "body not an object" });
  await call(O.createApplicant, `${P}/applicants`, { as: null, json: base(), idem: key(), expect: 401, code: "unauthorized", label: "no token" });

  const id = created.id;
  const g = await call(O.applicant, `${P}/applicants/${id}`, { expect: 200 });
  await call(O.applicant, `${P}/applicants/${MISSING}`, { expect: 404, code: "not_found", label: "unknown id" });
  await call(O.applicant, `${P}/applicants/${id}`, { as: null, expect: 401, code: "unauthorized", label: "no token" });
  const etag = g.headers.etag;
  const newPhone = `+7923${String(randomInt(0, 9999999)).padStart(7, "0")}`;
  await call(O.patchApplicant, `${P}/applicants/${id}`, { json: { phone: newPhone }, expect: 428, code: "precondition_required", label: "no If-Match" });
  const pr = await call(O.patchApplicant, `${P}/applicants/${id}`, { json: { phone: newPhone, email: null }, ifMatch: etag, expect: 200,
    extra: (r, p) => {
      expectThat(r.json?.phone === newPhone && r.json?.email === null, "phone/email not changed", p);
      expectThat(r.json?.version === created.version + 1, `version ${r.json?.version}, expected ${created.version + 1}`, p);
    } });
  await call(O.patchApplicant, `${P}/applicants/${id}`, { json: { phone: newPhone }, ifMatch: etag, expect: 412, code: "precondition_failed", label: "stale If-Match",
    extra: (r, p) => expectThat(r.headers.etag === pr?.headers?.etag, `412 ETag ${r.headers.etag}, current ${pr?.headers?.etag}`, p) });
  await call(O.patchApplicant, `${P}/applicants/${id}`, { json: { phone: "8-913-000" }, ifMatch: pr?.headers?.etag, expect: 422, code: "validation_failed", label: "bad phone" });
  await call(O.patchApplicant, `${P}/applicants/${id}`, { json: { address: null }, ifMatch: `W/${pr?.headers?.etag}`, expect: 412, code: "precondition_failed", label: "weak If-Match" });
  await call(O.patchApplicant, `${P}/applicants/${id}`, { json: { address: null }, ifMatch: "*", expect: 412, code: "precondition_failed", label: "If-Match: *" });
  await call(O.patchApplicant, `${P}/applicants/${id}`, { json: {}, ifMatch: pr?.headers?.etag, expect: 200, label: "empty object",
    extra: (r, p) => expectThat(r.json?.version === pr?.json?.version, `version changed to ${r.json?.version}`, p) });
  await call(O.patchApplicant, `${P}/applicants/${MISSING}`, { json: { phone: newPhone }, ifMatch: '"1"', expect: 404, code: "not_found", label: "unknown id" });
  return created;
}

async function documentChecks() {
  const k = key();
  const mp = multipart([{ name: "title", data: "Контрольный снимок" }, { name: "file", filename: "снимок.png", type: "application/octet-stream", data: PNG }]);
  const up = await call(O.upload, `${P}/documents`, { body: mp.body, headers: { "Content-Type": mp.contentType }, idem: k, expect: 201, label: "PNG",
    extra: (r, p) => {
      expectThat(r.json?.content_type === "image/png", `content_type ${r.json?.content_type}`, p);
      expectThat(r.json?.size === PNG.length, `size ${r.json?.size}`, p);
      expectThat(r.json?.sha256 === createHash("sha256").update(PNG).digest("hex"), "sha256 differs", p);
      expectThat(r.json?.filename === "снимок.png", `filename ${r.json?.filename}`, p);
    } });
  if (up?.status !== 201) throw new Error("could not upload a document");
  const doc = up.json;
  await call(O.upload, `${P}/documents`, { body: mp.body, headers: { "Content-Type": mp.contentType }, idem: k, expect: 201, replay: true, label: "replay",
    extra: (r, p) => expectThat(r.json?.id === doc.id, `replay stored another document ${r.json?.id}`, p) });
  const txt = multipart([{ name: "file", filename: "x.png", type: "image/png", data: "just some text, not an image" }]);
  await call(O.upload, `${P}/documents`, { body: txt.body, headers: { "Content-Type": txt.contentType }, idem: key(), expect: 415, code: "unsupported_type", label: "text content" });
  const max = config?.upload?.max_bytes ?? 5242880;
  const big = Buffer.alloc(max + 1, 0);
  PNG.copy(big, 0);
  const bigMp = multipart([{ name: "file", filename: "big.png", type: "image/png", data: big }]);
  await call(O.upload, `${P}/documents`, { body: bigMp.body, headers: { "Content-Type": bigMp.contentType }, idem: key(), expect: 413, code: "too_large", label: "max_bytes + 1" });
  for (const [what, data, type] of [
    ["PDF", Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"), "application/pdf"],
    ["JPEG", Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 1), Buffer.from([0xff, 0xd9])]), "image/jpeg"],
    ["DOCX", zipStored([["[Content_Types].xml", "<Types/>"], ["word/document.xml", "<w:document/>"]]), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  ]) {
    const m = multipart([{ name: "file", filename: `file.bin`, type: "application/octet-stream", data }]);
    await call(O.upload, `${P}/documents`, { body: m.body, headers: { "Content-Type": m.contentType }, idem: key(), expect: 201, label: `${what} by magic bytes`,
      extra: (r, p) => expectThat(r.json?.content_type === type, `content_type ${r.json?.content_type}, expected ${type}`, p) });
  }
  const zip = multipart([{ name: "file", filename: "a.docx", data: zipStored([["readme.txt", "not a document"]]) }]);
  await call(O.upload, `${P}/documents`, { body: zip.body, headers: { "Content-Type": zip.contentType }, idem: key(), expect: 415, code: "unsupported_type", label: "ZIP without word/document.xml" });
  const exact = Buffer.alloc(max, 0);
  PNG.copy(exact, 0);
  const exactMp = multipart([{ name: "file", filename: "exact.png", data: exact }]);
  await call(O.upload, `${P}/documents`, { body: exactMp.body, headers: { "Content-Type": exactMp.contentType }, idem: key(), expect: 201, label: "exactly max_bytes",
    extra: (r, p) => expectThat(r.json?.size === max, `size ${r.json?.size}`, p) });
  const empty = multipart([{ name: "file", filename: "empty.png", data: Buffer.alloc(0) }]);
  await call(O.upload, `${P}/documents`, { body: empty.body, headers: { "Content-Type": empty.contentType }, idem: key(), expect: 422, code: "validation_failed", label: "empty file" });
  const noFile = multipart([{ name: "title", data: "без файла" }]);
  await call(O.upload, `${P}/documents`, { body: noFile.body, headers: { "Content-Type": noFile.contentType }, idem: key(), expect: 422, code: "validation_failed", label: "no file part",
    extra: (r, p) => expectThat(r.json?.error?.fields?.file, "fields.file missing", p) });
  await call(O.upload, `${P}/documents`, { json: { file: "x" }, idem: key(), expect: 400, code: "bad_request", label: "not multipart" });
  await call(O.upload, `${P}/documents`, { as: null, body: mp.body, headers: { "Content-Type": mp.contentType }, idem: key(), expect: 401, code: "unauthorized", label: "no token" });

  await call(O.document, `${P}/documents/${doc.id}`, { expect: 200 });
  await call(O.document, `${P}/documents/${MISSING}`, { expect: 404, code: "not_found", label: "unknown id" });
  await call(O.document, `${P}/documents/${doc.id}`, { as: null, expect: 401, code: "unauthorized", label: "no token" });
  await call(O.content, `${P}/documents/${doc.id}/content`, { expect: 200,
    extra: (r, p) => {
      expectThat(r.raw.equals(PNG), "content differs from the uploaded bytes", p);
      expectThat(r.headers["content-type"] === "image/png", `Content-Type ${r.headers["content-type"]}`, p);
      expectThat(r.headers["content-length"] === String(PNG.length), `Content-Length ${r.headers["content-length"]}`, p);
      expectThat(r.headers["content-disposition"] === `attachment; filename*=UTF-8''${enc("снимок.png")}`, `Content-Disposition ${r.headers["content-disposition"]}`, p);
      expectThat(r.headers.etag === `"${doc.version}"`, `ETag ${r.headers.etag}`, p);
    } });
  await call(O.content, `${P}/documents/${MISSING}/content`, { expect: 404, code: "not_found", label: "unknown id" });
  await call(O.content, `${P}/documents/${doc.id}/content`, { as: null, expect: 401, code: "unauthorized", label: "no token" });
  return doc;
}

async function ticketChecks(applicant, doc, services, supervisors) {
  await call(O.tickets, `${P}/tickets?status=accepted,in_progress&sort=due_date&limit=5`, { expect: 200, label: "status filter",
    extra: (r, p) => expectThat(r.json.items.every((t) => ["accepted", "in_progress"].includes(t.status)), "status filter not applied", p) });
  await call(O.tickets, `${P}/tickets?assignee=me&overdue=false`, { expect: 200, label: "assignee=me" });
  await call(O.tickets, `${P}/tickets?sort=sideways`, { expect: 400, code: "bad_request", label: "unknown sort" });
  await call(O.tickets, `${P}/tickets?status=sideways`, { expect: 400, code: "bad_request", label: "unknown status" });
  await call(O.tickets, `${P}/tickets?from=2026-13-45`, { expect: 400, code: "bad_request", label: "malformed from" });
  await call(O.tickets, `${P}/tickets`, { as: null, expect: 401, code: "unauthorized", label: "no token" });

  const service = services.find((s) => s.id) ?? services[0];
  const body = { type: "application", applicant_id: applicant.id, service_id: service.id, description: "Контрольное обращение", documents: [doc.id] };
  const k = key();
  const cr = await call(O.createTicket, `${P}/tickets`, { json: body, idem: k, expect: 201,
    extra: (r, p) => {
      const due = dueDate(r.json.created_at.slice(0, 10), service.deadline_working_days);
      expectThat(r.json?.due_date === due, `due_date ${r.json?.due_date}, expected ${due} (${service.deadline_working_days} working days after ${r.json.created_at.slice(0, 10)})`, p);
      expectThat(r.json?.working_days_left === service.deadline_working_days, `working_days_left ${r.json?.working_days_left}, expected ${service.deadline_working_days}`, p);
      expectThat(r.json?.number?.slice(4, 8) === r.json.created_at.slice(0, 4), `number ${r.json?.number} not of the creation year`, p);
      expectThat(r.json?.status === "accepted", `status ${r.json?.status}`, p);
      expectThat(r.json?.documents?.length === 1 && r.json.documents[0].id === doc.id, "document not attached", p);
      expectThat(r.json?.history?.length === 1 && r.json.history[0].from_status === null, "creation history entry", p);
    } });
  if (cr?.status !== 201) throw new Error("could not create a ticket");
  const t = cr.json;
  await call(O.createTicket, `${P}/tickets`, { json: body, idem: k, expect: 201, replay: true, label: "replay",
    extra: (r, p) => {
      expectThat(r.json?.id === t.id, `replay created another ticket ${r.json?.id}`, p);
      expectThat(r.headers.etag === cr.headers.etag, `replay ETag ${r.headers.etag}, first ${cr.headers.etag}`, p);
    } });
  for (const [type, days] of [["request", 10], ["complaint", 15], ["suggestion", 30]]) {
    await call(O.createTicket, `${P}/tickets`, { json: { type, applicant_id: applicant.id, description: `Контрольное: ${type}` }, idem: key(), expect: 201, label: `${type}, default office`,
      extra: (r, p) => {
        const due = dueDate(r.json.created_at.slice(0, 10), days);
        expectThat(r.json?.due_date === due, `due_date ${r.json?.due_date}, expected ${due} (${days} working days)`, p);
        expectThat(r.json?.office_id === "1", `office_id ${r.json?.office_id}, the clerk's office is 1`, p);
        expectThat(r.json?.service === null, `service ${JSON.stringify(r.json?.service)}`, p);
      } });
  }
  await call(O.createTicket, `${P}/tickets`, { json: { type: "application", applicant_id: applicant.id, service_id: service.id, missing_documents: ["Справка о доходах", "СНИЛС"] }, idem: key(), expect: 201, label: "application with missing documents",
    extra: (r, p) => {
      const due = dueDate(r.json.created_at.slice(0, 10), service.deadline_working_days);
      expectThat(r.json?.status === "awaiting_documents", `status ${r.json?.status}, expected awaiting_documents`, p);
      expectThat(r.json?.paused === true, "not paused", p);
      expectThat(r.json?.due_date === due, `due_date ${r.json?.due_date}, expected ${due}`, p);
      expectThat(r.json?.history?.length === 1 && r.json.history[0].from_status === null &&
                 r.json.history[0].to_status === "awaiting_documents" &&
                 r.json.history[0].comment === "Не представлены: Справка о доходах; СНИЛС",
                 `history ${JSON.stringify(r.json?.history)}`, p);
      expectThat(r.json?.allowed_transitions?.includes("in_approval"), `allowed ${r.json?.allowed_transitions}`, p);
    } });
  await call(O.createTicket, `${P}/tickets`, { json: { type: "application", applicant_id: applicant.id, service_id: service.id, missing_documents: [] }, idem: key(), expect: 201, label: "empty missing_documents",
    extra: (r, p) => expectThat(r.json?.status === "accepted" && r.json?.paused === false, `status ${r.json?.status}`, p) });
  await call(O.createTicket, `${P}/tickets`, { json: { type: "complaint", applicant_id: applicant.id, description: "Жалоба", missing_documents: ["Справка"] }, idem: key(), expect: 422, code: "validation_failed", label: "missing_documents on a complaint",
    extra: (r, p) => expectThat(r.json?.error?.fields?.missing_documents, "fields.missing_documents missing", p) });
  await call(O.createTicket, `${P}/tickets`, { json: { type: "application", applicant_id: applicant.id, service_id: service.id, missing_documents: ["Справка", " "] }, idem: key(), expect: 422, code: "validation_failed", label: "blank missing document",
    extra: (r, p) => expectThat(r.json?.error?.fields?.["missing_documents.1"], "fields.missing_documents.1 missing", p) });
  await call(O.createTicket, `${P}/tickets`, { json: { type: "application", applicant_id: applicant.id }, idem: key(), expect: 422, code: "validation_failed", label: "application without service",
    extra: (r, p) => expectThat(r.json?.error?.fields?.service_id, "fields.service_id missing", p) });
  await call(O.createTicket, `${P}/tickets`, { json: { type: "complaint", applicant_id: MISSING }, idem: key(), expect: 422, code: "validation_failed", label: "unknown applicant" });
  await call(O.createTicket, `${P}/tickets`, { json: { type: "complaint", applicant_id: applicant.id, description: "Жалоба" }, expect: 400, code: "bad_request", label: "no Idempotency-Key" });

  const g = await call(O.ticket, `${P}/tickets/${t.id}`, { expect: 200 });
  await call(O.ticket, `${P}/tickets/${MISSING}`, { expect: 404, code: "not_found", label: "unknown id" });
  await call(O.ticket, `${P}/tickets/${t.id}`, { as: null, expect: 401, code: "unauthorized", label: "no token" });

  // transitions
  const tk = key();
  const tb = { to: "in_progress", comment: "Принято в работу" };
  await call(O.transition, `${P}/tickets/${t.id}/transitions`, { json: { to: "in_progress" }, ifMatch: '"999"', idem: key(), expect: 412, code: "precondition_failed", label: "stale If-Match",
    extra: (r, p) => expectThat(r.headers.etag === g.headers.etag, `412 ETag ${r.headers.etag}, current ${g.headers.etag}`, p) });
  await call(O.transition, `${P}/tickets/${t.id}/transitions`, { json: { to: "approved" }, idem: key(), expect: 409, code: "transition_not_allowed", label: "accepted → approved" });
  const moved = await call(O.transition, `${P}/tickets/${t.id}/transitions`, { json: tb, idem: tk, ifMatch: g.headers.etag, expect: 200, label: "accepted → in_progress",
    extra: (r, p) => expectThat(r.json?.status === "in_progress" && r.json?.history?.length === 2, `status ${r.json?.status}`, p) });
  await call(O.transition, `${P}/tickets/${t.id}/transitions`, { json: tb, idem: tk, ifMatch: g.headers.etag, expect: 200, replay: true, label: "replay",
    extra: (r, p) => expectThat(r.json?.version === moved?.json?.version, "replay changed the ticket", p) });
  await call(O.transition, `${P}/tickets/${t.id}/transitions`, { json: { to: "rejected" }, idem: key(), expect: 422, code: "reason_required", label: "rejected without reason" });
  await call(O.transition, `${P}/tickets/${t.id}/transitions`, { json: { to: "rejected", reason: "  " }, idem: key(), expect: 422, code: "reason_required", label: "rejected with a blank reason" });
  await call(O.transition, `${P}/tickets/${t.id}/transitions`, { json: { to: "in_progress" }, idem: key(), expect: 409, code: "transition_not_allowed", label: "to the current status" });
  // the same key on another path is a conflict, not a replay
  await call(O.comment, `${P}/tickets/${t.id}/comments`, { json: tb, idem: tk, expect: 422, code: "idempotency_conflict", label: "a transition's key on another path" });
  await call(O.transition, `${P}/tickets/${t.id}/transitions`, { json: { to: "sideways" }, idem: key(), expect: 422, code: "validation_failed", label: "unknown status" });
  await call(O.transition, `${P}/tickets/${MISSING}/transitions`, { json: tb, idem: key(), expect: 404, code: "not_found", label: "unknown id" });
  await call(O.transition, `${P}/tickets/${t.id}/transitions`, { as: null, json: tb, idem: key(), expect: 401, code: "unauthorized", label: "no token" });
  await call(O.transition, `${P}/tickets/${t.id}/transitions`, { json: { to: "awaiting_documents", comment: "Нужна справка" }, idem: key(), expect: 200, label: "in_progress → awaiting_documents",
    extra: (r, p) => expectThat(r.json?.paused === true, `paused ${r.json?.paused}`, p) });

  // comments
  const cm = await call(O.comment, `${P}/tickets/${t.id}/comments`, { json: { text: "Заявитель принесёт справку завтра" }, idem: key(), expect: 201,
    extra: (r, p) => expectThat(r.json?.kind === "comment", `kind ${r.json?.kind}`, p) });
  await call(O.ticket, `${P}/tickets/${t.id}`, { expect: 200, label: "after comment: its ETag is the comment's",
    extra: (r, p) => {
      expectThat(r.headers.etag === cm?.headers?.etag, `ticket ETag ${r.headers.etag}, comment answered ${cm?.headers?.etag}`, p);
      expectThat(r.json?.comments?.some((c) => c.id === cm?.json?.id), "comment not in the ticket", p);
    } });
  await call(O.comment, `${P}/tickets/${t.id}/comments`, { json: { text: "" }, idem: key(), expect: 422, code: "validation_failed", label: "empty text" });
  await call(O.comment, `${P}/tickets/${t.id}/comments`, { json: { text: "   " }, idem: key(), expect: 422, code: "validation_failed", label: "blank text" });
  await call(O.comment, `${P}/tickets/${MISSING}/comments`, { json: { text: "x" }, idem: key(), expect: 404, code: "not_found", label: "unknown id" });
  await call(O.comment, `${P}/tickets/${t.id}/comments`, { as: null, json: { text: "x" }, idem: key(), expect: 401, code: "unauthorized", label: "no token" });

  // attach a second document
  const mp = multipart([{ name: "file", filename: "справка.png", data: PNG }]);
  const up2 = await call(O.upload, `${P}/documents`, { body: mp.body, headers: { "Content-Type": mp.contentType }, idem: key(), expect: 201, label: "PNG, no title",
    extra: (r, p) => expectThat(r.json?.title === null, `title ${r.json?.title}`, p) });
  await call(O.attach, `${P}/tickets/${t.id}/documents`, { json: { document_id: up2.json.id }, idem: key(), expect: 200,
    extra: (r, p) => expectThat(r.json?.documents?.length === 2, `documents ${r.json?.documents?.length}`, p) });
  await call(O.attach, `${P}/tickets/${t.id}/documents`, { json: { document_id: up2.json.id }, idem: key(), expect: 200, label: "already attached",
    extra: (r, p) => expectThat(r.json?.documents?.length === 2, `documents ${r.json?.documents?.length}`, p) });
  await call(O.attach, `${P}/tickets/${t.id}/documents`, { json: { document_id: MISSING }, idem: key(), expect: 422, code: "validation_failed", label: "unknown document",
    extra: (r, p) => expectThat(r.json?.error?.fields?.document_id, "fields.document_id missing", p) });
  await call(O.attach, `${P}/tickets/${MISSING}/documents`, { json: { document_id: up2.json.id }, idem: key(), expect: 404, code: "not_found", label: "unknown id" });
  // by the ticket's number, as a document queued offline names it
  const up3 = await call(O.upload, `${P}/documents`, { body: mp.body, headers: { "Content-Type": mp.contentType }, idem: key(), expect: 201, label: "PNG for the number" });
  await call(O.attach, `${P}/tickets/${encodeURIComponent(t.number.toLowerCase())}/documents`, { json: { document_id: up3.json.id }, idem: key(), expect: 200, label: "by number",
    extra: (r, p) => expectThat(r.json?.id === t.id && r.json?.documents?.some((d) => d.id === up3.json.id), `ticket ${r.json?.id}, documents ${r.json?.documents?.length}`, p) });
  await call(O.attach, `${P}/tickets/MFC-1999-999999/documents`, { json: { document_id: up3.json.id }, idem: key(), expect: 404, code: "not_found", label: "unknown number" });
  await call(O.attach, `${P}/tickets/${t.id}/documents`, { as: null, json: { document_id: up2.json.id }, idem: key(), expect: 401, code: "unauthorized", label: "no token" });

  // assign / escalate
  const cur = await call(O.ticket, `${P}/tickets/${t.id}`, { expect: 200, label: "after attach" });
  const sup = supervisors.find((u) => u.login === "supervisor") ?? supervisors[0];
  await call(O.patchTicket, `${P}/tickets/${t.id}`, { json: { assignee_id: sup.id }, expect: 428, code: "precondition_required", label: "no If-Match" });
  await call(O.patchTicket, `${P}/tickets/${t.id}`, { json: { assignee_id: sup.id }, ifMatch: g.headers.etag, expect: 412, code: "precondition_failed", label: "stale If-Match",
    extra: (r, p) => expectThat(r.headers.etag === cur.headers.etag, `412 ETag ${r.headers.etag}, current ${cur.headers.etag}`, p) });
  await call(O.patchTicket, `${P}/tickets/${t.id}`, { json: { assignee_id: MISSING }, ifMatch: cur.headers.etag, expect: 422, code: "validation_failed", label: "unknown user",
    extra: (r, p) => expectThat(r.json?.error?.fields?.assignee_id, "fields.assignee_id missing", p) });
  await call(O.patchTicket, `${P}/tickets/${t.id}`, { json: {}, ifMatch: cur.headers.etag, expect: 422, code: "validation_failed", label: "empty patch" });
  const pt = await call(O.patchTicket, `${P}/tickets/${t.id}`, { json: { assignee_id: sup.id, escalation_comment: "Передаю руководителю" }, ifMatch: cur.headers.etag, expect: 200, label: "escalate",
    extra: (r, p) => {
      expectThat(r.json?.assignee?.id === sup.id, `assignee ${JSON.stringify(r.json?.assignee)}`, p);
      expectThat(r.json?.comments?.some((c) => c.kind === "escalation"), "no escalation comment", p);
    } });
  await call(O.patchTicket, `${P}/tickets/${MISSING}`, { json: { assignee_id: sup.id }, ifMatch: '"1"', expect: 404, code: "not_found", label: "unknown id" });
  // to a final status, then nothing moves any more
  await call(O.transition, `${P}/tickets/${t.id}/transitions`, { json: { to: "rejected", reason: "Не представлена справка", comment: "Отказ" }, ifMatch: pt?.headers?.etag, idem: key(), expect: 200, label: "awaiting_documents → rejected",
    extra: (r, p) => expectThat(r.json?.allowed_transitions?.length === 0 && r.json?.working_days_left === null, "final ticket still has transitions / working_days_left", p) });
  await call(O.transition, `${P}/tickets/${t.id}/transitions`, { json: { to: "in_progress" }, idem: key(), expect: 409, code: "transition_not_allowed", label: "out of a final status" });
  const fin = await call(O.ticket, `${P}/tickets/${t.id}`, { expect: 200, label: "final" });
  await call(O.patchTicket, `${P}/tickets/${t.id}`, { json: { assignee_id: null }, ifMatch: fin.headers.etag, expect: 409, code: "transition_not_allowed", label: "reassign a final ticket" });
  await call(O.comment, `${P}/tickets/${t.id}/comments`, { json: { text: "Комментарий к закрытому" }, idem: key(), expect: 201, label: "final ticket" });
  return t.id;
}

// Channel and priority, at-risk and the other list filters, the status
// counts, handing over the result and its notices, automatic escalation,
// the supervisor's summary.
async function ticketResultChecks(applicant, services) {
  const service = services[0];
  await call(O.applicant, `${P}/applicants/${applicant.id}`, { expect: 200, label: "notify_channel defaults to sms",
    extra: (r, p) => expectThat(r.json?.notify_channel === "sms", `notify_channel ${r.json?.notify_channel}`, p) });
  const cr = await call(O.createTicket, `${P}/tickets`, { json: { type: "application", applicant_id: applicant.id, service_id: service.id, channel: "phone", priority: "urgent" }, idem: key(), expect: 201, label: "channel and priority",
    extra: (r, p) => {
      expectThat(r.json?.channel === "phone" && r.json?.priority === "urgent", `channel ${r.json?.channel}, priority ${r.json?.priority}`, p);
      expectThat(r.json?.result === null && r.json?.escalated === false && r.json?.at_risk === false, `result ${JSON.stringify(r.json?.result)}`, p);
      expectThat(r.json?.notices?.length === 1 && r.json.notices[0].channel === "sms" && r.json.notices[0].kind === "status_changed", `notices ${JSON.stringify(r.json?.notices)}`, p);
    } });
  if (cr?.status !== 201) throw new Error("could not create a ticket");
  const t = cr.json;
  await call(O.createTicket, `${P}/tickets`, { json: { type: "complaint", applicant_id: applicant.id, description: "x", channel: "pigeon" }, idem: key(), expect: 422, code: "validation_failed", label: "unknown channel",
    extra: (r, p) => expectThat(r.json?.error?.fields?.channel, "fields.channel missing", p) });
  await call(O.createTicket, `${P}/tickets`, { json: { type: "complaint", applicant_id: applicant.id, description: "x" }, idem: key(), expect: 201, label: "default channel and priority",
    extra: (r, p) => expectThat(r.json?.channel === "in_person" && r.json?.priority === "normal", `channel ${r.json?.channel}, priority ${r.json?.priority}`, p) });

  // list filters
  await call(O.tickets, `${P}/tickets?at_risk=true&limit=50`, { expect: 200, label: "at_risk=true",
    extra: (r, p) => expectThat(r.json.items.length > 0 && r.json.items.every((x) => x.at_risk && x.working_days_left >= 0 && x.working_days_left <= 2), "at_risk filter not applied (or the seed has none)", p) });
  await call(O.tickets, `${P}/tickets?applicant=${applicant.id}`, { expect: 200, label: "applicant filter",
    extra: (r, p) => expectThat(r.json.items.length >= 2 && r.json.items.every((x) => x.applicant.id === applicant.id), "applicant filter not applied", p) });
  await call(O.tickets, `${P}/tickets?assignee=office&limit=50`, { expect: 200, label: "assignee=office",
    extra: (r, p) => expectThat(r.json.items.length > 0 && r.json.items.every((x) => x.office_id === "1"), "assignee=office is not the clerk's office", p) });
  await call(O.tickets, `${P}/tickets?channel=phone&priority=urgent`, { expect: 200, label: "channel and priority filter",
    extra: (r, p) => expectThat(r.json.items.some((x) => x.id === t.id) && r.json.items.every((x) => x.channel === "phone" && x.priority === "urgent"), "channel/priority filter not applied", p) });
  await call(O.tickets, `${P}/tickets?q=${enc(t.number.slice(-4))}`, { expect: 200, label: "number fragment",
    extra: (r, p) => expectThat(r.json.items.some((x) => x.id === t.id), `${t.number} not found by ${t.number.slice(-4)}`, p) });
  await call(O.tickets, `${P}/tickets?at_risk=maybe`, { expect: 400, code: "bad_request", label: "at_risk not a boolean" });
  // overdue tickets that are not paused were escalated automatically
  await call(O.tickets, `${P}/tickets?overdue=true&status=accepted,in_progress,in_approval&limit=100`, { expect: 200, label: "overdue ones escalated",
    extra: (r, p) => expectThat(r.json.items.length > 0 && r.json.items.every((x) => x.escalated && x.assignee !== null), "an overdue open ticket was not escalated (or the seed has none)", p) });

  // counts
  const all = await call(O.counts, `${P}/tickets/counts`, { expect: 200,
    extra: (r, p) => expectThat(r.json.total === Object.values(r.json.by_status).reduce((a, b) => a + b, 0), "total is not the sum", p) });
  await call(O.counts, `${P}/tickets/counts?status=approved,rejected&office=1`, { expect: 200, label: "status only for the total",
    extra: (r, p) => {
      expectThat(r.json.total === r.json.by_status.approved + r.json.by_status.rejected, `total ${r.json.total}`, p);
      expectThat(r.json.by_status.accepted <= (all?.json?.by_status?.accepted ?? 0), "office filter not applied", p);
    } });
  await call(O.counts, `${P}/tickets/counts?status=sideways`, { expect: 400, code: "bad_request", label: "unknown status" });
  await call(O.counts, `${P}/tickets/counts`, { as: null, expect: 401, code: "unauthorized", label: "no token" });

  // handing over the result
  await call(O.handover, `${P}/tickets/${t.id}/handover`, { json: {}, idem: key(), expect: 409, code: "transition_not_allowed", label: "not decided" });
  await call(O.transition, `${P}/tickets/${t.id}/transitions`, { json: { to: "in_progress" }, idem: key(), expect: 200, label: "for the handover" });
  const ap = await call(O.transition, `${P}/tickets/${t.id}/transitions`, { json: { to: "approved" }, idem: key(), expect: 200, label: "approved: result ready",
    extra: (r, p) => {
      expectThat(r.json?.result?.decision === "approved" && r.json.result.handed_over_at === null && r.json.result.handed_over_by === null, `result ${JSON.stringify(r.json?.result)}`, p);
      expectThat(r.json?.notices?.at(-1)?.kind === "result_ready", `notices ${JSON.stringify(r.json?.notices)}`, p);
    } });
  await call(O.handover, `${P}/tickets/${t.id}/handover`, { json: {}, ifMatch: '"999"', idem: key(), expect: 412, code: "precondition_failed", label: "stale If-Match" });
  const hk = key();
  await call(O.handover, `${P}/tickets/${t.id}/handover`, { json: { comment: "Выдан оригинал" }, ifMatch: ap?.headers?.etag, idem: hk, expect: 200,
    extra: (r, p) => {
      expectThat(r.json?.result?.handed_over_at && r.json.result.handed_over_by?.full_name === "Иванова Мария Петровна", `result ${JSON.stringify(r.json?.result)}`, p);
      expectThat(r.json?.history?.at(-1)?.kind === "handover" && r.json.history.at(-1).comment === "Выдан оригинал", `history ${JSON.stringify(r.json?.history?.at(-1))}`, p);
    } });
  await call(O.handover, `${P}/tickets/${t.id}/handover`, { json: { comment: "Выдан оригинал" }, ifMatch: ap?.headers?.etag, idem: hk, expect: 200, replay: true, label: "replay" });
  await call(O.handover, `${P}/tickets/${t.id}/handover`, { json: {}, idem: key(), expect: 409, code: "transition_not_allowed", label: "already handed over" });
  await call(O.handover, `${P}/tickets/${t.id}/handover`, { json: {}, expect: 400, code: "bad_request", label: "no Idempotency-Key" });
  await call(O.handover, `${P}/tickets/${t.id}/handover`, { json: { comment: 5 }, idem: key(), expect: 422, code: "validation_failed", label: "comment not a string" });
  await call(O.handover, `${P}/tickets/${MISSING}/handover`, { json: {}, idem: key(), expect: 404, code: "not_found", label: "unknown id" });
  await call(O.handover, `${P}/tickets/${t.id}/handover`, { as: null, json: {}, idem: key(), expect: 401, code: "unauthorized", label: "no token" });

  // the supervisor's summary
  await call(O.stats, `${P}/stats/tickets?office=1&from=2026-10-01&to=2026-11-23`, { as: "supervisor", expect: 200,
    extra: (r, p) => {
      expectThat(r.json.office_id === "1" && r.json.from === "2026-10-01" && r.json.to === "2026-11-23", `period ${JSON.stringify([r.json.office_id, r.json.from, r.json.to])}`, p);
      expectThat(r.json.total > 0 && r.json.decided <= r.json.total && r.json.decided_on_time <= r.json.decided, `totals ${r.json.total} ${r.json.decided}`, p);
    } });
  await call(O.stats, `${P}/stats/tickets`, { as: "supervisor", expect: 200, label: "defaults",
    extra: (r, p) => expectThat(r.json.office_id === "1" && r.json.to === "2026-11-23", `defaults ${r.json.office_id} ${r.json.to}`, p) });
  await call(O.stats, `${P}/stats/tickets`, { expect: 403, code: "forbidden", label: "a clerk" });
  await call(O.stats, `${P}/stats/tickets?from=2026-11-30&to=2026-11-01`, { as: "supervisor", expect: 400, code: "bad_request", label: "from after to" });
  await call(O.stats, `${P}/stats/tickets?office=abc`, { as: "supervisor", expect: 400, code: "bad_request", label: "bad office" });
  await call(O.stats, `${P}/stats/tickets`, { as: null, expect: 401, code: "unauthorized", label: "no token" });
}

async function officeChecks(services) {
  const list = await call(O.offices, `${P}/offices?limit=200`, { expect: 200,
    extra: (r, p) => {
      for (const o of r.json.items) {
        expectThat(o.distance_km === null, `office ${o.id}: distance_km without near`, p);
        const wd = o.hours.map((h) => h.weekday);
        expectThat(wd.every((w, i) => i === 0 || wd[i - 1] < w), `office ${o.id}: hours not ordered by weekday`, p);
        expectThat(o.hours.every((h) => (h.break_start === null) === (h.break_end === null)), `office ${o.id}: break fields not both set or both null`, p);
      }
    } });
  const offices = list.json.items;
  const c = config.map.center;
  await call(O.offices, `${P}/offices?near=${c.lat},${c.lon}&radius_km=50`, { expect: 200, label: "near",
    extra: (r, p) => {
      expectThat(r.json.items.length > 0, "no office near the centre", p);
      expectThat(r.json.items.every((o) => typeof o.distance_km === "number" && o.distance_km <= 50), "distance_km not set or beyond radius", p);
      const d = r.json.items.map((o) => o.distance_km);
      expectThat(d.every((x, i) => i === 0 || d[i - 1] <= x), "not ordered by distance", p);
    } });
  const b = config.map.bounds;
  await call(O.offices, `${P}/offices?bbox=${b.south},${b.west},${b.north},${b.east}&open_now=false`, { expect: 200, label: "bbox, open_now" });
  await call(O.offices, `${P}/offices?bbox=1,2,3`, { expect: 400, code: "bad_request", label: "bbox with 3 numbers" });
  // the list's filters and orders (point 3 of the booking issue)
  await call(O.offices, `${P}/offices?online_booking=true&max_waiting=10&limit=200`, { expect: 200, label: "online_booking, max_waiting",
    extra: (r, p) => {
      expectThat(r.json.items.length > 0, "no office takes online bookings with fewer than 10 waiting", p);
      expectThat(r.json.items.every((o) => o.online_booking === true && o.waiting < 10), "an office breaks online_booking=true or waiting < 10", p);
    } });
  await call(O.offices, `${P}/offices?online_booking=false&limit=200`, { expect: 200, label: "online_booking=false",
    extra: (r, p) => expectThat(r.json.items.every((o) => o.online_booking === false), "an office with online_booking true", p) });
  await call(O.offices, `${P}/offices?q=${enc("барабинский район")}`, { expect: 200, label: "q by district",
    extra: (r, p) => {
      expectThat(r.json.items.length > 0, "no office of Барабинский район", p);
      expectThat(r.json.items.every((o) => o.district === "Барабинский район"), "an office of another district", p);
    } });
  await call(O.offices, `${P}/offices?sort=load&limit=200`, { expect: 200, label: "sort=load",
    extra: (r, p) => {
      const w = r.json.items.map((o) => o.average_wait_minutes * 100000 + o.waiting);
      expectThat(w.every((x, i) => i === 0 || w[i - 1] <= x), "not ordered by average_wait_minutes, waiting", p);
      const level = (m) => (m > 15 ? "high" : m >= 10 ? "medium" : "low");
      expectThat(r.json.items.every((o) => o.load === level(o.average_wait_minutes)), "load does not follow average_wait_minutes", p);
    } });
  const svcFirst = services.find((s) => s.bookable)?.id;
  await call(O.offices, `${P}/offices?service=${svcFirst}&sort=first_free_slot&limit=200`, { expect: 200, label: "sort=first_free_slot",
    extra: (r, p) => {
      const t = r.json.items.map((o) => (o.next_free_slot === null ? Infinity : Date.parse(o.next_free_slot)));
      expectThat(r.json.items.length > 0 && t.some(Number.isFinite), "no office with a next free slot", p);
      expectThat(t.every((x, i) => i === 0 || t[i - 1] <= x), "not ordered by next_free_slot (nulls last)", p);
      expectThat(t.every((x) => x === Infinity || x > SERVER_NOW - 60000), "a next_free_slot in the past", p);
    } });
  await call(O.offices, `${P}/offices?sort=distance`, { expect: 400, code: "bad_request", label: "sort=distance without near" });
  await call(O.offices, `${P}/offices?sort=first_free_slot`, { expect: 400, code: "bad_request", label: "sort=first_free_slot without service" });
  await call(O.offices, `${P}/offices?sort=rating`, { expect: 400, code: "bad_request", label: "unknown sort" });
  await call(O.offices, `${P}/offices?max_waiting=0`, { expect: 400, code: "bad_request", label: "max_waiting=0" });
  await call(O.offices, `${P}/offices`, { as: null, expect: 401, code: "unauthorized", label: "no token" });
  const office = offices.find((o) => o.id === "1") ?? offices[0];
  await call(O.office, `${P}/offices/${office.id}`, { expect: 200, extra: (r, p) => expectThat(r.json?.distance_km === null, "distance_km not null", p) });
  // an office's own address is found on the map, near the office
  await call(O.geocode, `${P}/geocode?address=${enc(office.address)}`, { expect: 200, label: "an office's address",
    extra: (r, p) => {
      expectThat(r.json.precision === "house", `precision ${r.json.precision}`, p);
      const km = Math.hypot((r.json.lat - office.lat) * 111, (r.json.lon - office.lon) * 64);
      expectThat(km < 30, `${km.toFixed(1)} km from the office`, p);
    } });
  await call(O.geocode, `${P}/geocode?address=${enc("Барабинск")}`, { expect: 200, label: "a town only",
    extra: (r, p) => expectThat(r.json.precision === "town" && r.json.street === null, `precision ${r.json.precision}, street ${r.json.street}`, p) });
  await call(O.geocode, `${P}/geocode?address=${enc("г. Москва, ул. Тверская, д. 1")}`, { expect: 404, code: "not_found", label: "outside the region" });
  await call(O.geocode, `${P}/geocode`, { expect: 400, code: "bad_request", label: "no address" });
  await call(O.geocode, `${P}/geocode?address=x`, { as: null, expect: 401, code: "unauthorized", label: "no token" });
  await call(O.office, `${P}/offices/${office.id}?service=${svcFirst}`, { expect: 200, label: "with service",
    extra: (r, p) => expectThat(r.json?.next_free_slot !== null, "office 1 has no next_free_slot for a bookable service", p) });
  await call(O.office, `${P}/offices/${MISSING}`, { expect: 404, code: "not_found", label: "unknown id" });
  await call(O.office, `${P}/offices/${office.id}`, { as: null, expect: 401, code: "unauthorized", label: "no token" });

  // slots: an office and a bookable service it provides, with slots
  const bookable = new Set(services.filter((s) => s.bookable).map((s) => s.id));
  let pick = null;
  const ordered = [office, ...offices.filter((o) => o !== office)];
  for (const o of ordered.slice(0, 8)) {
    for (const sid of o.services.filter((s) => bookable.has(s)).slice(0, 3)) {
      const r = await call(O.slots, `${P}/offices/${o.id}/slots?service=${sid}`, { expect: 200, label: `office ${o.id}, service ${sid}` });
      if (r?.json?.items?.filter((s) => s.free >= 1).length >= 4) { pick = { office: o, service: sid, slots: r.json.items }; break; }
    }
    if (pick) break;
  }
  if (!pick) throw new Error("no office with free slots found");
  {
    const p = [];
    const svc = services.find((x) => x.id === pick.service);
    const sl = pick.slots;
    sl.forEach((x, i) => {
      expectThat(x.free <= x.capacity, `slot ${x.start}: free ${x.free} > capacity ${x.capacity}`, p);
      expectThat(Date.parse(x.end) > Date.parse(x.start), `slot ${x.start}: end ${x.end} not after start`, p);
      expectThat(Date.parse(x.start) > SERVER_NOW - 60000, `slot ${x.start} in the past`, p);
      if (i > 0) {
        const gap = (Date.parse(x.start) - Date.parse(sl[i - 1].end)) / 60000;
        expectThat(gap >= svc.buffer_minutes, `slot ${x.start} starts ${gap} min after the previous end, buffer_minutes ${svc.buffer_minutes}`, p);
      }
    });
    const d = `GET /api/v1/offices/{office_id}/slots 200 (ordered, free ≤ capacity, future, buffer_minutes apart)`;
    if (p.length) tapNotOk(d, p.slice(0, 10)); else tapOk(d);
  }
  await call(O.slots, `${P}/offices/${pick.office.id}/slots?service=${pick.service}&first_available=true`, { expect: 200, label: "first_available",
    extra: (r, p) => {
      expectThat(r.json.items.length <= 1 && r.json.items.every((s) => s.free >= 1), "first_available gives more than one slot or a full one", p);
      const first = pick.slots.find((x) => x.free >= 1);
      expectThat(r.json.items[0]?.start === first?.start, `first_available ${r.json.items[0]?.start}, the first free slot of the list is ${first?.start}`, p);
    } });
  const from = new Date(SERVER_NOW + 86400000).toISOString().replace(/\.\d+Z$/, "Z");
  const to = new Date(SERVER_NOW + 40 * 86400000).toISOString().replace(/\.\d+Z$/, "Z");
  await call(O.slots, `${P}/offices/${pick.office.id}/slots?service=${pick.service}&from=${enc(from)}&to=${enc(to)}`, { expect: 400, code: "bad_request", label: "range over 31 days" });
  await call(O.slots, `${P}/offices/${pick.office.id}/slots`, { expect: 400, code: "bad_request", label: "no service" });
  await call(O.slots, `${P}/offices/${MISSING}/slots?service=${pick.service}`, { expect: 404, code: "not_found", label: "unknown office" });
  await call(O.slots, `${P}/offices/${pick.office.id}/slots?service=${pick.service}`, { as: null, expect: 401, code: "unauthorized", label: "no token" });
  return pick;
}

async function appointmentChecks(pick, applicant) {
  await call(O.appointments, `${P}/appointments?limit=20`, { expect: 200 });
  await call(O.appointments, `${P}/appointments?applicant=${applicant.id}`, { expect: 200, label: "by applicant" });
  await call(O.appointments, `${P}/appointments?date=not-a-date`, { expect: 400, code: "bad_request", label: "malformed date" });
  await call(O.appointments, `${P}/appointments`, { as: null, expect: 401, code: "unauthorized", label: "no token" });

  const now = SERVER_NOW;
  const free = pick.slots.filter((s) => s.free >= 1);
  const early = free.filter((s) => Date.parse(s.start) - now > 30 * 3600 * 1000);
  const late = free.filter((s) => Date.parse(s.start) - now < 20 * 3600 * 1000 && Date.parse(s.start) > now + 600000);
  const mk = (start) => ({ office_id: pick.office.id, service_id: pick.service, applicant_id: applicant.id, start });
  if (early.length < 2) throw new Error("fewer than two free slots more than 30 h ahead");

  // book, replay, conflict
  const k = key();
  const a1 = await call(O.createAppointment, `${P}/appointments`, { json: mk(early[0].start), idem: k, expect: 201,
    extra: (r, p) => expectThat(r.json?.status === "booked" && r.json?.start === early[0].start, `status/start ${r.json?.status} ${r.json?.start}`, p) });
  if (a1?.status !== 201) throw new Error("could not book an appointment");
  await call(O.createAppointment, `${P}/appointments`, { json: mk(early[0].start), idem: k, expect: 201, replay: true, label: "replay",
    extra: (r, p) => expectThat(r.json?.id === a1.json.id, `replay booked another appointment ${r.json?.id}`, p) });
  await call(O.createAppointment, `${P}/appointments`, { json: mk(early[1].start), idem: k, expect: 422, code: "idempotency_conflict", label: "same key, other body" });
  if (early.length >= 4) {
    const z = new Date(Date.parse(early[2].start)).toISOString().replace(/\.\d+Z$/, "Z");
    await call(O.createAppointment, `${P}/appointments`, { json: mk(z), idem: key(), expect: 201, label: "start sent in UTC (Z)",
      extra: (r, p) => expectThat(r.json?.start === early[2].start, `start ${r.json?.start}, expected ${early[2].start} (office zone)`, p) });
  }
  const s0 = new Date(Date.parse(early[0].start) + 3 * 60000).toISOString().replace(/\.\d+Z$/, "Z");
  await call(O.createAppointment, `${P}/appointments`, { json: mk(s0), idem: key(), expect: 422, code: "slot_unavailable", label: "not a slot start" });
  await call(O.createAppointment, `${P}/appointments`, { json: { ...mk(early[1].start), applicant_id: MISSING }, idem: key(), expect: 422, code: "validation_failed", label: "unknown applicant" });
  await call(O.createAppointment, `${P}/appointments`, { json: mk(early[1].start), expect: 400, code: "bad_request", label: "no Idempotency-Key" });
  await call(O.createAppointment, `${P}/appointments`, { as: null, json: mk(early[1].start), idem: key(), expect: 401, code: "unauthorized", label: "no token" });

  // fill a slot up, then 409 slot_taken
  const target = early[early.length - 1];
  let left = target.free;
  for (let i = 0; i < left; i++) {
    await call(O.createAppointment, `${P}/appointments`, { json: mk(target.start), idem: key(), expect: 201, label: `fill the slot ${i + 1}/${left}` });
  }
  await call(O.createAppointment, `${P}/appointments`, { json: mk(target.start), idem: key(), expect: 409, code: "slot_taken", label: "full slot" });

  const id = a1.json.id;
  const g = await call(O.appointment, `${P}/appointments/${id}`, { expect: 200 });
  await call(O.appointment, `${P}/appointments/${MISSING}`, { expect: 404, code: "not_found", label: "unknown id" });
  await call(O.appointment, `${P}/appointments/${id}`, { as: null, expect: 401, code: "unauthorized", label: "no token" });
  await call(O.appointments, `${P}/appointments?office=${pick.office.id}&date=${early[0].start.slice(0, 10)}`, { expect: 200, label: "by office and date",
    extra: (r, p) => expectThat(r.json.items.some((a) => a.id === id), "the booked appointment is not listed", p) });

  // move
  await call(O.moveAppointment, `${P}/appointments/${id}`, { json: { start: early[1].start }, expect: 428, code: "precondition_required", label: "no If-Match" });
  await call(O.moveAppointment, `${P}/appointments/${id}`, { json: { start: early[1].start }, ifMatch: '"99"', expect: 412, code: "precondition_failed", label: "stale If-Match",
    extra: (r, p) => expectThat(r.headers.etag === g.headers.etag, `412 ETag ${r.headers.etag}, current ${g.headers.etag}`, p) });
  await call(O.moveAppointment, `${P}/appointments/${id}`, { json: { start: target.start }, ifMatch: g.headers.etag, expect: 409, code: "slot_taken", label: "to a full slot" });
  await call(O.moveAppointment, `${P}/appointments/${id}`, { json: { start: s0 }, ifMatch: g.headers.etag, expect: 422, code: "slot_unavailable", label: "not a slot start" });
  const mv = await call(O.moveAppointment, `${P}/appointments/${id}`, { json: { start: early[1].start }, ifMatch: g.headers.etag, expect: 200,
    extra: (r, p) => expectThat(r.json?.start === early[1].start && r.json?.version === g.json.version + 1, `start/version ${r.json?.start} ${r.json?.version}`, p) });
  await call(O.moveAppointment, `${P}/appointments/${MISSING}`, { json: { start: early[1].start }, ifMatch: '"1"', expect: 404, code: "not_found", label: "unknown id" });

  // cancel (early) with If-Match, replay, then 409 and move of a cancelled one
  const ck = key();
  const cb = { reason: "По просьбе заявителя" };
  await call(O.cancel, `${P}/appointments/${id}/cancel`, { json: cb, idem: key(), ifMatch: g.headers.etag, expect: 412, code: "precondition_failed", label: "stale If-Match" });
  await call(O.cancel, `${P}/appointments/${id}/cancel`, { json: cb, idem: ck, ifMatch: mv?.headers?.etag, expect: 200, label: "clerk, ≥ 24 h ahead",
    extra: (r, p) => expectThat(r.json?.status === "cancelled" && r.json?.cancel_reason === cb.reason && r.json?.cancelled_by?.id === "1", `status ${r.json?.status}`, p) });
  await call(O.cancel, `${P}/appointments/${id}/cancel`, { json: cb, idem: ck, ifMatch: mv?.headers?.etag, expect: 200, replay: true, label: "replay" });
  await call(O.cancel, `${P}/appointments/${id}/cancel`, { json: {}, idem: key(), expect: 409, code: "transition_not_allowed", label: "already cancelled" });
  const gc = await call(O.appointment, `${P}/appointments/${id}`, { expect: 200, label: "cancelled" });
  await call(O.slots, `${P}/offices/${pick.office.id}/slots?service=${pick.service}`, { expect: 200, label: "after move and cancel, places are free again",
    extra: (r, p) => {
      for (const sl of [early[0], early[1]]) {
        const now2 = r.json.items.find((x) => Date.parse(x.start) === Date.parse(sl.start));
        expectThat(now2 && now2.free === sl.free, `slot ${sl.start}: free ${now2?.free}, was ${sl.free} before booking`, p);
      }
    } });
  await call(O.moveAppointment, `${P}/appointments/${id}`, { json: { start: early[0].start }, ifMatch: gc.headers.etag, expect: 409, code: "transition_not_allowed", label: "move a cancelled one" });
  await call(O.cancel, `${P}/appointments/${MISSING}/cancel`, { json: {}, idem: key(), expect: 404, code: "not_found", label: "unknown id" });
  await call(O.cancel, `${P}/appointments/${id}/cancel`, { as: null, json: {}, idem: key(), expect: 401, code: "unauthorized", label: "no token" });

  // late cancellation: clerk refused, supervisor needs a reason
  if (late.length) {
    const lr = await call(O.createAppointment, `${P}/appointments`, { json: mk(late[0].start), idem: key(), expect: 201, label: "< 24 h ahead" });
    const lid = lr?.json?.id;
    if (lid) {
      await call(O.cancel, `${P}/appointments/${lid}/cancel`, { json: { reason: "Заболел" }, idem: key(), expect: 403, code: "late_cancellation", label: "clerk, < 24 h ahead" });
      await call(O.moveAppointment, `${P}/appointments/${lid}`, { json: { start: early[0].start }, ifMatch: lr.headers.etag, expect: 403, code: "late_cancellation", label: "clerk, < 24 h ahead" });
      await call(O.moveAppointment, `${P}/appointments/${lid}`, { as: "supervisor", json: { start: early[0].start }, ifMatch: lr.headers.etag, expect: 422, code: "reason_required", label: "supervisor, < 24 h ahead, no reason" });
      await call(O.cancel, `${P}/appointments/${lid}/cancel`, { as: "supervisor", json: {}, idem: key(), expect: 422, code: "reason_required", label: "supervisor, late, no reason" });
      await call(O.cancel, `${P}/appointments/${lid}/cancel`, { as: "supervisor", json: { reason: "Офис закрыт по техническим причинам" }, idem: key(), expect: 200, label: "supervisor, late, with reason",
        extra: (r, p) => expectThat(r.json?.cancelled_by?.id === "2", `cancelled_by ${JSON.stringify(r.json?.cancelled_by)}`, p) });
      // the freed place can be booked again, and a supervisor may move it late with a reason
      const lr2 = await call(O.createAppointment, `${P}/appointments`, { json: mk(late[0].start), idem: key(), expect: 201, label: "< 24 h ahead, again" });
      if (lr2?.json?.id) {
        await call(O.moveAppointment, `${P}/appointments/${lr2.json.id}`, { as: "supervisor", json: { start: early[0].start, reason: "Заявитель просит перенести" }, ifMatch: lr2.headers.etag, expect: 200, label: "supervisor, < 24 h ahead, with reason" });
      }
    }
  } else {
    tapSkip("POST /api/v1/appointments/{appointment_id}/cancel 403/422 (late cancellation)", "no free slot of this office and service starts within the next 20 hours (weekend or evening)");
    // still cancel as supervisor with a reason
    const sr = await call(O.createAppointment, `${P}/appointments`, { json: mk(early[0].start), idem: key(), expect: 201, label: "for the supervisor" });
    if (sr?.json?.id) {
      await call(O.cancel, `${P}/appointments/${sr.json.id}/cancel`, { as: "supervisor", json: { reason: "Заявитель перенёс визит" }, idem: key(), expect: 200, label: "supervisor, with reason" });
    }
  }

  // no-show: a booked appointment in the past (seeded), and a future one
  let past = null;
  for (let d = 0; d < 10 && !past; d++) {
    const day = new Date(now - d * 86400000).toISOString().slice(0, 10);
    const r = await call(O.appointments, `${P}/appointments?date=${day}&limit=200`, { expect: 200, label: `date ${day}` });
    past = r?.json?.items?.find((a) => a.status === "booked" && Date.parse(a.start) < now) ?? null;
  }
  if (!past) throw new Error("no past booked appointment in the seed");
  await call(O.cancel, `${P}/appointments/${past.id}/cancel`, { as: "supervisor", json: { reason: "Поздно" }, idem: key(), expect: 409, code: "transition_not_allowed", label: "start has passed" });
  await call(O.noShow, `${P}/appointments/${past.id}/no-show`, { json: {}, idem: key(), ifMatch: '"99"', expect: 412, code: "precondition_failed", label: "stale If-Match" });
  await call(O.noShow, `${P}/appointments/${past.id}/no-show`, { idem: key(), ifMatch: `"${past.version}"`, expect: 200, label: "past, empty body",
    extra: (r, p) => expectThat(r.json?.status === "no_show", `status ${r.json?.status}`, p) });
  await call(O.noShow, `${P}/appointments/${past.id}/no-show`, { json: {}, idem: key(), expect: 409, code: "transition_not_allowed", label: "already no_show" });
  const fut = await call(O.createAppointment, `${P}/appointments`, { json: mk(early[0].start), idem: key(), expect: 201, label: "future, for no-show" });
  await call(O.noShow, `${P}/appointments/${fut.json.id}/no-show`, { json: {}, idem: key(), expect: 409, code: "transition_not_allowed", label: "not started yet" });
  await call(O.noShow, `${P}/appointments/${MISSING}/no-show`, { json: {}, idem: key(), expect: 404, code: "not_found", label: "unknown id" });
  await call(O.noShow, `${P}/appointments/${past.id}/no-show`, { as: null, json: {}, idem: key(), expect: 401, code: "unauthorized", label: "no token" });
}

// The four references the spec makes nullable (anyOf with NullObject) are
// read strictly (oas-schema.mjs): real answers with null there must pass.
async function nullableRefChecks() {
  const seen = { service: false, assignee: false, from_status: false, cancelled_by: false };
  let cursor = null;
  let ticketId = null;
  for (let page = 0; page < 20 && !(seen.service && seen.assignee); page++) {
    const r = await call(O.tickets, `${P}/tickets?limit=200${cursor ? `&cursor=${enc(cursor)}` : ""}`, { expect: 200, label: `page ${page + 1}, looking for null service and assignee` });
    for (const t of r?.json?.items ?? []) {
      if (t.service === null) seen.service = true;
      if (t.assignee === null) seen.assignee = true;
      ticketId ??= t.id;
    }
    cursor = r?.json?.next_cursor;
    if (!cursor) break;
  }
  if (ticketId) {
    await call(O.ticket, `${P}/tickets/${ticketId}`, { expect: 200, label: "history starts with from_status null",
      extra: (r) => { if (r.json?.history?.[0]?.from_status === null) seen.from_status = true; } });
  }
  await call(O.appointments, `${P}/appointments?limit=50`, { expect: 200, label: "looking for cancelled_by null",
    extra: (r) => { if ((r.json?.items ?? []).some((a) => a.cancelled_by === null)) seen.cancelled_by = true; } });
  for (const [member, ok] of Object.entries(seen)) {
    const desc = `a null ${member} passes the strict schema`;
    if (ok) tapOk(desc); else tapNotOk(desc, [`no answer with ${member}: null was seen`]);
  }
}

// Every paged list of the spec (an operation taking the Cursor parameter)
// refuses a cursor it did not issue for this very query: malformed text,
// a real cursor with one character changed, with its key or id altered and
// re-encoded, or one cut short. Reading any of them as "first page" would
// send a client round in a loop (issue 10).
function pagedListOperations() {
  const out = [];
  for (const [k, e] of operations) {
    const params = [...(spec.paths[e.path].parameters ?? []), ...(e.op.parameters ?? [])];
    if (params.some((x) => x.$ref === "#/components/parameters/Cursor" || deref(x)?.name === "cursor")) out.push(k);
  }
  return out;
}
const b64urlDecode = (s) => Buffer.from(s.replace(/-/g, "+").replace(/_/g, "/"), "base64");
const b64urlEncode = (b) => b.toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

async function cursorChecks() {
  const lists = pagedListOperations();
  if (lists.length < 7) throw new Error(`only ${lists.length} paged lists found in the spec`);
  for (const opKey of lists) {
    const url = `${P}${operations.get(opKey).path.slice("/api/v1".length)}`;
    const cursorRefused = (r, p) => expectThat(typeof r.json?.error?.fields?.cursor === "string", `fields.cursor missing: ${JSON.stringify(r.json?.error)}`, p);
    const first = await call(opKey, `${url}?limit=1`, { expect: 200, label: "limit=1, for a cursor" });
    const cursor = first?.json?.next_cursor;
    if (typeof cursor !== "string" || cursor.length < 4) throw new Error(`${opKey}: no next_cursor on a page of 1`);
    await call(opKey, `${url}?limit=1&cursor=${enc(cursor)}`, { expect: 200, label: "its cursor",
      extra: (r, p) => expectThat(!r.json.items.some((x) => x.id === first.json.items[0].id), "the next page repeats the first", p) });
    await call(opKey, `${url}?limit=1&cursor=${enc("not a cursor!")}`, { expect: 400, code: "bad_request", label: "malformed cursor", extra: cursorRefused });
    await call(opKey, `${url}?limit=1&cursor=${enc("Z2FyYmFnZQ")}`, { expect: 400, code: "bad_request", label: "base64url garbage as cursor", extra: cursorRefused });
    // one character of the cursor text changed (still valid base64url)
    const i = Math.floor(cursor.length / 2);
    const flipped = cursor.slice(0, i) + (cursor[i] === "A" ? "B" : "A") + cursor.slice(i + 1);
    await call(opKey, `${url}?limit=1&cursor=${flipped}`, { expect: 400, code: "bad_request", label: "cursor with a character changed", extra: cursorRefused });
    await call(opKey, `${url}?limit=1&cursor=${cursor.slice(0, -2)}`, { expect: 400, code: "bad_request", label: "cursor cut short", extra: cursorRefused });
    // the training server's cursor is "<tag>\x1f<key>\x1f<id>": a client that
    // edits the key or the id (to skip ahead, say) must be refused too
    const plain = b64urlDecode(cursor).toString("utf8");
    const parts = plain.split("\x1f");
    if (parts.length >= 3) {
      const otherId = [...parts.slice(0, -1), String(Number(parts[parts.length - 1]) + 1)].join("\x1f");
      await call(opKey, `${url}?limit=1&cursor=${b64urlEncode(Buffer.from(otherId))}`, { expect: 400, code: "bad_request", label: "cursor with its id altered", extra: cursorRefused });
      const otherKey = [parts[0], `${parts.slice(1, -1).join("\x1f")}z`, parts[parts.length - 1]].join("\x1f");
      await call(opKey, `${url}?limit=1&cursor=${b64urlEncode(Buffer.from(otherKey))}`, { expect: 400, code: "bad_request", label: "cursor with its key altered", extra: cursorRefused });
    } else {
      tapNotOk(`${opKey} 400 (cursor with its id altered)`, [`the cursor ${JSON.stringify(plain)} is not tag, key and id`]);
    }
    // a cursor is the user's own: another user's page 2 is refused
    await call(opKey, `${url}?limit=1&cursor=${enc(cursor)}`, { as: "supervisor", expect: 400, code: "bad_request", label: "another user's cursor", extra: cursorRefused });
  }
}

async function tileChecks() {
  const { min_zoom: z, max_zoom: zmax, center } = config.map;
  const n2 = 2 ** z;
  const x = Math.floor(((center.lon + 180) / 360) * n2);
  const lat = (center.lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * n2);
  const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const pngOk = (r, p) => expectThat(r.raw.subarray(0, 8).equals(PNG_MAGIC), "not a PNG", p);
  await call(O.tile, `${P}/map/tiles/${z}/${x}/${y}.png`, { as: null, expect: 200, label: `z${z} centre, no token`, extra: pngOk });
  const t1 = await call(O.tile, `${P}/map/tiles/${z}/${x}/${y}.png`, { expect: 200, label: "with token", extra: pngOk });
  const tag = t1?.headers?.etag;
  await call(O.tile, `${P}/map/tiles/${z}/${x}/${y}.png`, { as: null, headers: { "If-None-Match": tag ?? '"x"' }, expect: 304, label: "If-None-Match: its ETag",
    extra: (r, p) => expectThat(r.headers.etag === tag, `ETag ${r.headers.etag} on 304, ${tag} on 200`, p) });
  await call(O.tile, `${P}/map/tiles/${z}/${x}/${y}.png`, { as: null, headers: { "If-None-Match": '"0000000000000000"' }, expect: 200, label: "If-None-Match: a stale ETag", extra: pngOk });
  await call(O.tile, `${P}/map/tiles/${zmax + 1}/0/0.png`, { as: null, expect: 404, code: "not_found", label: "beyond max_zoom" });
  await call(O.tile, `${P}/map/tiles/${z}/0/0.png`, { as: null, expect: 404, code: "not_found", label: "outside the bounds" });
}

// Reads WebSocket frames (server frames are unmasked) until a text frame
// arrives; answers to pings are not needed for a few seconds.
function nextTextFrame(socket, head, timeoutMs) {
  return new Promise((resolve, reject) => {
    let buf = head && head.length ? Buffer.from(head) : Buffer.alloc(0);
    let text = [];
    const timer = setTimeout(() => { cleanup(); reject(new Error(`no text frame within ${timeoutMs} ms`)); }, timeoutMs);
    const cleanup = () => { clearTimeout(timer); socket.off("data", onData); socket.off("close", onClose); };
    const onClose = () => { cleanup(); reject(new Error("the WebSocket closed")); };
    const parse = () => {
      for (;;) {
        if (buf.length < 2) return;
        const fin = (buf[0] & 0x80) !== 0;
        const opcode = buf[0] & 0x0f;
        let len = buf[1] & 0x7f;
        let off = 2;
        if (buf[1] & 0x80) { cleanup(); reject(new Error("a server frame is masked")); return; }
        if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); off = 4; }
        else if (len === 127) { if (buf.length < 10) return; len = Number(buf.readBigUInt64BE(2)); off = 10; }
        if (buf.length < off + len) return;
        const payload = buf.subarray(off, off + len);
        buf = buf.subarray(off + len);
        if (opcode === 0x1 || (opcode === 0x0 && text.length)) {
          text.push(payload);
          if (fin) { cleanup(); resolve(Buffer.concat(text).toString("utf8")); return; }
        } else if (opcode === 0x8) {
          cleanup(); reject(new Error(`the server closed the WebSocket (${payload.length >= 2 ? payload.readUInt16BE(0) : "no code"})`)); return;
        }
      }
    };
    const onData = (d) => { buf = Buffer.concat([buf, d]); parse(); };
    socket.on("data", onData);
    socket.on("close", onClose);
    parse();
  });
}

async function eventChecks(ticketId) {
  const entry = operations.get(O.events);
  const report = async (label, res, expect, code) => {
    const problems = checkResponse(entry, res, { expect, code, replay: false });
    if (res.status === 101) {
      const accept = createHash("sha1").update(res.key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
      expectThat(res.headers["sec-websocket-accept"] === accept, `Sec-WebSocket-Accept ${res.headers["sec-websocket-accept"]}`, problems);
    }
    const desc = `GET ${entry.path} ${expect} (${label})`;
    if (problems.length) tapNotOk(desc, [`→ ${res.status}`, ...problems]);
    else { tapOk(desc); if (res.status === 101) entry.okCount++; }
  };
  const ws = await upgrade(`${P}/events`, authHeaders("clerk"), true);
  await report("upgrade, bearer token", ws, 101);
  if (ws.socket) {
    // a change of a ticket is broadcast as ticket.updated; each text frame
    // must be an EventEnvelope (the schema the spec gives for the 101)
    await call(O.comment, `${P}/tickets/${ticketId}/comments`, { json: { text: "Для события" }, idem: key(), expect: 201, label: "to raise ticket.updated" });
    const desc = `GET ${entry.path} 101 (first text frame is an EventEnvelope)`;
    try {
      const frame = await nextTextFrame(ws.socket, ws.head, 10000);
      const problems = [];
      let msg;
      try { msg = JSON.parse(frame); } catch (e) { problems.push(`frame is not JSON: ${frame.slice(0, 200)}`); }
      if (msg !== undefined) {
        const validate = responseValidator(O.events, "101", "application/json");
        if (!validate(msg)) for (const e of validate.errors) problems.push(`schema: ${e.instancePath || "/"} ${e.message}${e.params ? " " + JSON.stringify(e.params) : ""}`);
        walkDateTimes(msg, "", problems);
      }
      if (problems.length) tapNotOk(desc, [`frame type ${msg?.type}`, ...problems]);
      else tapOk(`${desc.slice(0, -1)}: ${msg.type})`);
    } catch (e) {
      tapNotOk(desc, [e.message]);
    }
    ws.socket.destroy();
  }
  await report("upgrade, token query", await upgrade(`${P}/events?token=${enc(tokens.clerk)}`), 101);
  await report("upgrade, bad token", await upgrade(`${P}/events`, { Authorization: "Bearer nope-nope-nope-nope" }), 401, "unauthorized");
  const plain = await request({ method: "GET", path: `${P}/events`, headers: authHeaders("clerk") });
  await report("plain GET without upgrade", plain, 400, "bad_request");
}

async function main() {
  await startServer();
  diag(`${serverBin} listening on 127.0.0.1:${PORT}`);
  await sessionChecks();
  const { services, supervisors } = await catalogueChecks();
  const applicant = await applicantChecks();
  const doc = await documentChecks();
  const ticketId = await ticketChecks(applicant, doc, services, supervisors);
  await ticketResultChecks(applicant, services);
  const pick = await officeChecks(services);
  await appointmentChecks(pick, applicant);
  await cursorChecks();
  await nullableRefChecks();
  await tileChecks();
  await eventChecks(ticketId);
  await lockoutChecks();

  // every operation of the spec has at least one successful check
  for (const [k, e] of operations) {
    if (e.okCount > 0) tapOk(`${k} covered (${e.okCount} successful call${e.okCount > 1 ? "s" : ""})`);
    else tapNotOk(`${k} covered`, ["no successful call checks this operation: add one to tests/contract/check-server.mjs"]);
  }
}

try {
  await main();
} catch (e) {
  tapNotOk("the walk completed", [e.stack ?? String(e)]);
  console.log("Bail out! the walk stopped early");
}
clearTimeout(bailTimer);
killServer();
if (failures) {
  diag(`${failures} failure(s); the server's last output:`);
  for (const l of serverLog.split("\n").slice(-15)) diag(`  ${l}`);
}
console.log(`1..${n}`);
diag(`${operations.size} operations, ${n} cases, ${failures} failed`);
exit(failures ? 1 : 0);
