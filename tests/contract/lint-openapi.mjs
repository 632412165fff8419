// Lints data/api/openapi.yaml: usage `node lint-openapi.mjs <openapi.yaml>`.
//
// 1. Validates the document against the official OpenAPI 3.0 JSON schema
//    and checks that every $ref resolves (@seriousme/openapi-schema-validator).
// 2. Project rules that a schema cannot express:
//    - every operation has a unique operationId, a summary and responses;
//    - path template parameters and declared path parameters agree;
//    - every error response example uses a code from ErrorCode, and the code
//      belongs to the HTTP status it is listed under (the table in info);
//    - every example of a JSON body validates against its schema
//      (OpenAPI 3.0 `nullable` is honoured), so implementers can trust them;
//    - every POST except login requires Idempotency-Key, every PATCH
//      requires If-Match and documents 412 and 428.
// 3. `nullable` read strictly (OpenAPI 3.0.3: only beside a `type`): no
//    `nullable` without `type`, and the nullable references (Ticket.service,
//    Ticket.assignee, HistoryEntry.from_status, Appointment.cancelled_by)
//    take null and still refuse what is neither null nor the referenced type.
// Exits 0 when clean, 1 on any error (each printed on stderr).

import { toJsonSchema as toOas } from "./oas-schema.mjs";
import { readFileSync } from "node:fs";
import { argv, exit } from "node:process";
import { Validator } from "@seriousme/openapi-schema-validator";
import { parse as parseYaml } from "yaml";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const file = argv[2];
if (!file) {
  console.error("usage: node lint-openapi.mjs <openapi.yaml>");
  exit(2);
}

const errors = [];
const fail = (msg) => errors.push(msg);

// ---- 1. OpenAPI schema validation --------------------------------------
const text = readFileSync(file, "utf8");
let spec;
try {
  // uniqueKeys: a duplicated mapping key is an error, not a silent override
  spec = parseYaml(text, { uniqueKeys: true, prettyErrors: true });
} catch (e) {
  console.error(`${file}: YAML error: ${e.message}`);
  exit(1);
}
if (typeof spec?.openapi !== "string" || !spec.openapi.startsWith("3.0.")) {
  fail(`openapi version must be 3.0.x, found ${JSON.stringify(spec?.openapi)}`);
}
const validator = new Validator();
const res = await validator.validate(spec);
if (!res.valid) {
  const list = Array.isArray(res.errors) ? res.errors : [res.errors];
  for (const e of list) {
    if (typeof e === "string") fail(`schema: ${e}`);
    else fail(`schema: ${e.instancePath || "/"}: ${e.message}${e.params ? " " + JSON.stringify(e.params) : ""}`);
  }
}

// ---- helpers -------------------------------------------------------------
function resolveRef(ref) {
  if (!ref.startsWith("#/")) {
    fail(`external $ref not allowed: ${ref}`);
    return undefined;
  }
  let node = spec;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !(key in node)) {
      fail(`unresolved $ref: ${ref}`);
      return undefined;
    }
    node = node[key];
  }
  return node;
}
const deref = (obj) => {
  let seen = 0;
  while (obj && typeof obj === "object" && typeof obj.$ref === "string") {
    if (++seen > 20) { fail(`$ref loop at ${obj.$ref}`); return undefined; }
    obj = resolveRef(obj.$ref);
  }
  return obj;
};

const toJsonSchema = (s) => toOas(s, "#/definitions/");

const definitions = {};
for (const [name, sch] of Object.entries(spec?.components?.schemas ?? {})) {
  definitions[name] = toJsonSchema(sch);
}
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addFormat("binary", true);
ajv.addFormat("password", true);
// All component schemas under one id; a broken one is reported once and
// example checks are skipped (the schema errors above already fail the run).
let examplesUsable = true;
try {
  ajv.addSchema({ $id: "oas", definitions }, "oas");
  ajv.getSchema("oas");
} catch (e) {
  examplesUsable = false;
  if (res.valid) fail(`components.schemas: not a valid JSON Schema: ${e.message}`);
}
function validateExample(where, schema, value) {
  if (!examplesUsable) return;
  const js = JSON.parse(JSON.stringify(toJsonSchema(schema)).replace(/"#\/definitions\//g, '"oas#/definitions/'));
  let check;
  try {
    check = ajv.compile(js);
  } catch (e) {
    fail(`${where}: cannot compile schema: ${e.message}`);
    return;
  }
  if (!check(value)) {
    for (const e of check.errors) fail(`${where}: example ${e.instancePath || "/"} ${e.message}`);
  }
}

// Error code → HTTP status, the table of info.description / ErrorCode.
const CODE_STATUS = {
  bad_request: "400", unauthorized: "401", invalid_otp: "401", forbidden: "403",
  late_cancellation: "403", not_found: "404", transition_not_allowed: "409",
  slot_taken: "409", precondition_failed: "412", too_large: "413",
  unsupported_type: "415", validation_failed: "422", consent_required: "422",
  reason_required: "422", slot_unavailable: "422", idempotency_conflict: "422",
  account_locked: "423", otp_required: "428", precondition_required: "428",
  rate_limited: "429", internal: "500",
};
const enumCodes = spec?.components?.schemas?.ErrorCode?.enum ?? [];
for (const c of Object.keys(CODE_STATUS)) if (!enumCodes.includes(c)) fail(`ErrorCode lacks ${c}`);
for (const c of enumCodes) if (!(c in CODE_STATUS)) fail(`ErrorCode ${c} has no status in the lint's table`);

function examplesOf(media) {
  const out = [];
  if (media.example !== undefined) out.push(["example", media.example]);
  for (const [n, ex] of Object.entries(media.examples ?? {})) {
    const e = deref(ex);
    if (e && e.value !== undefined) out.push([`examples.${n}`, e.value]);
  }
  return out;
}

// ---- 2. per-operation rules ----------------------------------------------
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const opIds = new Map();
for (const [path, item] of Object.entries(spec?.paths ?? {})) {
  const templ = new Set([...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]));
  const common = (item.parameters ?? []).map(deref).filter(Boolean);
  for (const method of METHODS) {
    const op = item[method];
    if (!op) continue;
    const where = `${method.toUpperCase()} ${path}`;
    if (!op.operationId) fail(`${where}: no operationId`);
    else if (opIds.has(op.operationId)) fail(`${where}: operationId ${op.operationId} also used by ${opIds.get(op.operationId)}`);
    else opIds.set(op.operationId, where);
    if (!op.summary) fail(`${where}: no summary`);
    if (!op.responses || Object.keys(op.responses).length === 0) fail(`${where}: no responses`);

    const params = [...common];
    for (const p of (op.parameters ?? []).map(deref).filter(Boolean)) {
      const i = params.findIndex((q) => q.name === p.name && q.in === p.in);
      if (i >= 0) params[i] = p; else params.push(p);
    }
    const declared = new Set(params.filter((p) => p.in === "path").map((p) => p.name));
    for (const t of templ) if (!declared.has(t)) fail(`${where}: path parameter {${t}} not declared`);
    for (const d of declared) if (!templ.has(d)) fail(`${where}: path parameter ${d} not in the path`);
    const header = (n) => params.find((p) => p.in === "header" && p.name.toLowerCase() === n.toLowerCase());
    const isLogin = op.operationId === "createSession";
    if (method === "post" && !isLogin && !header("Idempotency-Key")?.required) {
      fail(`${where}: POST must require Idempotency-Key`);
    }
    if (method === "patch") {
      if (!header("If-Match")?.required) fail(`${where}: PATCH must require If-Match`);
      for (const s of ["412", "428"]) if (!op.responses?.[s]) fail(`${where}: PATCH must document ${s}`);
    }
    const secured = op.security === undefined ? spec.security : op.security;
    if (!isLogin && op.operationId !== "getConfig" && !(secured ?? []).some((r) => Object.keys(r).length > 0)) {
      fail(`${where}: not protected by any security scheme`);
    }
    if (op.operationId !== "getConfig" && !op.responses?.["500"]) fail(`${where}: no 500 response`);
    if (secured && secured.length && !secured.some((r) => Object.keys(r).length === 0) && !op.responses?.["401"]) {
      fail(`${where}: authenticated operation without 401 response`);
    }

    // request body examples
    const rb = deref(op.requestBody);
    for (const [mt, media] of Object.entries(rb?.content ?? {})) {
      if (!mt.includes("json") || !media.schema) continue;
      for (const [n, v] of examplesOf(media)) validateExample(`${where} request ${mt} ${n}`, media.schema, v);
    }
    // responses
    for (const [status, r0] of Object.entries(op.responses ?? {})) {
      const r = deref(r0);
      if (!r) continue;
      for (const [mt, media] of Object.entries(r.content ?? {})) {
        if (!mt.includes("json") || !media.schema) continue;
        const isError = /^[45]/.test(status);
        const schemaRef = media.schema.$ref ?? "";
        if (isError && schemaRef !== "#/components/schemas/Error") fail(`${where} ${status}: error responses must use the Error schema`);
        for (const [n, v] of examplesOf(media)) {
          validateExample(`${where} ${status} ${n}`, media.schema, v);
          const code = v?.error?.code;
          if (isError && code !== undefined && CODE_STATUS[code] !== status) {
            fail(`${where} ${status} ${n}: error code ${code} belongs to status ${CODE_STATUS[code] ?? "(unknown)"}`);
          }
        }
      }
    }
  }
}

// component examples and schema examples
for (const [name, sch] of Object.entries(spec?.components?.schemas ?? {})) {
  if (sch.example !== undefined) validateExample(`components.schemas.${name}`, { $ref: `#/components/schemas/${name}` }, sch.example);
}

// ---- 3. nullable, as a strict OpenAPI 3.0.3 reader takes it -------------
// `nullable: true` without a `type` beside it (say next to `allOf: [$ref]`)
// means nothing to a strict reader: null would be refused there.
function walkNullable(node, where) {
  if (Array.isArray(node)) return node.forEach((x, i) => walkNullable(x, `${where}/${i}`));
  if (node === null || typeof node !== "object") return;
  if (node.nullable === true && node.type === undefined) {
    fail(`${where}: nullable without type has no effect in OpenAPI 3.0.3 (use anyOf: [{$ref: …}, {$ref: '#/components/schemas/NullObject'}])`);
  }
  for (const [k, v] of Object.entries(node)) if (k !== "example" && k !== "examples") walkNullable(v, `${where}/${k}`);
}
walkNullable(spec, "#");
// The references that must take null, and still only what they refer to.
const NULLABLE_REFS = [
  ["Ticket", "service", { id: "1", title: "Услуга" }],
  ["Ticket", "assignee", { id: "1", full_name: "Иванова Мария Петровна" }],
  ["HistoryEntry", "from_status", "accepted"],
  ["Appointment", "cancelled_by", { id: "1", full_name: "Иванова Мария Петровна" }],
];
for (const [name, member, value] of NULLABLE_REFS) {
  const where = `components.schemas.${name}.properties.${member}`;
  const schema = spec?.components?.schemas?.[name]?.properties?.[member];
  if (!schema) { fail(`${where}: missing`); continue; }
  if (!examplesUsable) continue;
  const check = ajv.compile(JSON.parse(JSON.stringify(toJsonSchema(schema)).replace(/"#\/definitions\//g, '"oas#/definitions/')));
  if (!check(null)) fail(`${where}: a strict OpenAPI 3.0.3 reader refuses null here`);
  if (!check(value)) fail(`${where}: refuses ${JSON.stringify(value)}: ${JSON.stringify(check.errors)}`);
  for (const wrong of [42, "", {}]) {
    if (typeof value === "string" && wrong === "") continue;
    if (check(wrong) && JSON.stringify(wrong) !== JSON.stringify(value)) fail(`${where}: accepts ${JSON.stringify(wrong)}`);
  }
}

if (errors.length) {
  for (const e of errors) console.error(`${file}: ${e}`);
  console.error(`${file}: ${errors.length} error(s)`);
  exit(1);
}
console.log(`${file}: OK (OpenAPI ${spec.openapi}, ${Object.keys(spec.paths).length} paths, ${opIds.size} operations)`);
