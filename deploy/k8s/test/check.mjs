#!/usr/bin/env node
// Offline checks of rendered Kubernetes manifests (the output of `kubectl kustomize`).
//
//   node check.mjs [--external Kind/name]... FILE...      (FILE "-" = standard input)
//
// Prints one JSON object: {"objects": [{apiVersion, kind, namespace, name}],
//                          "problems": [{object, path, message}]}
// and exits 0 when there are no problems, 1 when there are, 2 when it could not run.
// --external names an object the operator creates by hand (a Secret with keys, say), so that
// references to it are not reported as dangling.
//
// What it checks:
//  1. every object against the Kubernetes OpenAPI schema, with the validators of the npm package
//     kubernetes-models (types, required fields, formats, enums);
//  2. unknown fields: those validators, like the API server's schema, ignore properties they do not
//     know, so a misspelt field (readinesProbe) would pass. Each object is validated through a
//     Proxy that records which properties the validator reads; a property it never read is one
//     the schema does not have. Maps (labels, ConfigMap data, resource lists) are enumerated by
//     the validator and so are never reported;
//  3. workloads: liveness and readiness probes, resource requests and limits, probe ports that
//     the container declares, non-root, read-only root file system with a writable /tmp, no
//     privilege escalation, all capabilities dropped, selector matching the template,
//     Prometheus scrape annotations that name a declared port;
//  4. selectors that select nothing: Services, PodDisruptionBudgets, NetworkPolicies (their own
//     podSelector, every in-namespace peer podSelector, and each value of an `In` expression),
//     and named ports that the selected pods do not declare;
//  5. references: ConfigMaps and Secrets (and their keys) used by pods, HPA targets;
//  6. duplicate objects.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseAllDocuments } from "yaml";

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Input

function parseArgs(argv) {
  const external = new Set();
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--external") {
      const ref = argv[++i];
      if (!ref || !ref.includes("/")) throw new Error("--external needs Kind/name");
      external.add(ref);
    } else if (argv[i].startsWith("--")) {
      throw new Error(`unknown option ${argv[i]}`);
    } else {
      files.push(argv[i]);
    }
  }
  if (files.length === 0) throw new Error("usage: check.mjs [--external Kind/name]... FILE...");
  return { external, files };
}

function loadObjects(files) {
  const objects = [];
  for (const file of files) {
    const text = readFileSync(file === "-" ? 0 : file, "utf8");
    // YAML 1.1, as Kubernetes reads it (sigs.k8s.io/yaml): 0440 is octal, yes/no are booleans.
    for (const doc of parseAllDocuments(text, { version: "1.1" })) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0].message}`);
      const value = doc.toJS();
      if (value == null) continue;
      if (typeof value !== "object" || Array.isArray(value)) throw new Error(`${file}: a document is not an object`);
      objects.push(value);
    }
  }
  return objects;
}

// ---------------------------------------------------------------------------------------------
// Schema validation with unknown-field detection

function modelFor(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !/^[A-Za-z0-9]+$/.test(kind)) return null;
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const module = group === "" ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
  try {
    const Model = require(module)[kind];
    return typeof Model === "function" && typeof Model.prototype.validate === "function" ? Model : null;
  } catch {
    return null;
  }
}

const isPlainObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

// Wraps value so that every property the validator touches is recorded. Returns the proxy and
// the list of records (one per object or array reached).
function tracked(value) {
  const records = [];
  const wrap = (target, path) => {
    const record = { target, path, read: new Set(), enumerated: false, children: new Map() };
    records.push(record);
    const child = (key, v) => {
      if (v === null || typeof v !== "object") return v;
      if (!record.children.has(key)) {
        const childPath = Array.isArray(target) ? `${path}[${key}]` : `${path}.${key}`;
        record.children.set(key, wrap(v, childPath));
      }
      return record.children.get(key);
    };
    return new Proxy(target, {
      get(t, key, receiver) {
        const v = Reflect.get(t, key, receiver);
        if (typeof key !== "string") return v;
        record.read.add(key);
        return Object.prototype.hasOwnProperty.call(t, key) ? child(key, v) : v;
      },
      has(t, key) {
        if (typeof key === "string") record.read.add(key);
        return Reflect.has(t, key);
      },
      getOwnPropertyDescriptor(t, key) {
        if (typeof key === "string") record.read.add(key);
        return Reflect.getOwnPropertyDescriptor(t, key);
      },
      ownKeys(t) {
        record.enumerated = true;
        return Reflect.ownKeys(t);
      },
    });
  };
  return { proxy: wrap(value, ""), records };
}

function validateSchema(obj, report) {
  const Model = modelFor(obj.apiVersion, obj.kind);
  if (!Model) {
    report(obj, "", `no schema for apiVersion ${obj.apiVersion} kind ${obj.kind} in kubernetes-models`);
    return;
  }
  const { proxy, records } = tracked(structuredClone(obj));
  try {
    Model.prototype.validate.call(proxy);
  } catch (e) {
    if (!Array.isArray(e.errors)) throw e;
    for (const err of e.errors) {
      report(obj, jsonPointerToPath(err.instancePath), `schema: ${err.message ?? err.keyword}`);
    }
  }
  for (const r of records) {
    if (!isPlainObject(r.target) || r.enumerated) continue;
    for (const key of Object.keys(r.target)) {
      if (!r.read.has(key)) report(obj, `${r.path}.${key}`, `unknown field "${key}"`);
    }
  }
}

function jsonPointerToPath(pointer) {
  return pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join("");
}

// ---------------------------------------------------------------------------------------------
// Cross-object checks

const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet"]);
const CLUSTER_SCOPED = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass", "CustomResourceDefinition", "PriorityClass"]);

const nsOf = (o) => (CLUSTER_SCOPED.has(o.kind) ? "" : o.metadata?.namespace ?? "");
const idOf = (o) => `${o.kind}/${o.metadata?.name ?? "?"}`;

function matches(selector, labels) {
  if (!selector) return false;
  labels = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case "In": if (!has || !(e.values ?? []).includes(labels[e.key])) return false; break;
      case "NotIn": if (has && (e.values ?? []).includes(labels[e.key])) return false; break;
      case "Exists": if (!has) return false; break;
      case "DoesNotExist": if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

function podsOf(objects) {
  const pods = [];
  for (const o of objects) {
    if (!WORKLOAD_KINDS.has(o.kind)) continue;
    const template = o.spec?.template ?? {};
    const containers = template.spec?.containers ?? [];
    const ports = new Map(); // name or number -> containerPort
    for (const c of containers) for (const p of c.ports ?? []) {
      if (p.name) ports.set(p.name, p.containerPort);
      ports.set(String(p.containerPort), p.containerPort);
    }
    pods.push({ owner: o, namespace: nsOf(o), labels: template.metadata?.labels ?? {}, ports });
  }
  return pods;
}

function selected(pods, namespace, selector) {
  return pods.filter((p) => p.namespace === namespace && matches(selector, p.labels));
}

// A selector that must select at least one pod; for `In` expressions every listed value must.
function checkSelects(o, path, selector, pods, report, what) {
  const ns = nsOf(o);
  const hits = selected(pods, ns, selector);
  if (hits.length === 0) {
    report(o, path, `${what} selects no pod in namespace "${ns}"`);
    return hits;
  }
  (selector.matchExpressions ?? []).forEach((e, i) => {
    if (e.operator !== "In") return;
    for (const value of e.values ?? []) {
      const one = { matchLabels: { ...(selector.matchLabels ?? {}), [e.key]: value } };
      if (selected(pods, ns, one).length === 0) {
        report(o, `${path}.matchExpressions[${i}]`, `${what}: value "${value}" of ${e.key} selects no pod`);
      }
    }
  });
  return hits;
}

function checkWorkload(o, report, ctx) {
  const spec = o.spec ?? {};
  const template = spec.template ?? {};
  const podSpec = template.spec ?? {};
  if (spec.selector && !matches(spec.selector, template.metadata?.labels)) {
    report(o, ".spec.selector", "selector does not match the pod template's labels");
  }
  const podSc = podSpec.securityContext ?? {};
  const volumes = new Map((podSpec.volumes ?? []).map((v) => [v.name, v]));
  const claimNames = new Set((spec.volumeClaimTemplates ?? []).map((c) => c.metadata?.name));
  const all = [
    ...(podSpec.initContainers ?? []).map((c, i) => [c, `.spec.template.spec.initContainers[${i}]`, true]),
    ...(podSpec.containers ?? []).map((c, i) => [c, `.spec.template.spec.containers[${i}]`, false]),
  ];
  const declaredPorts = new Map();
  for (const [c, path, init] of all) {
    const ports = new Map();
    for (const p of c.ports ?? []) {
      if (p.name) ports.set(p.name, p.containerPort);
      ports.set(String(p.containerPort), p.containerPort);
      if (!init) { if (p.name) declaredPorts.set(p.name, p.containerPort); declaredPorts.set(String(p.containerPort), p.containerPort); }
    }
    const name = `container "${c.name}"`;
    if (!init) {
      for (const probe of ["livenessProbe", "readinessProbe"]) {
        if (!c[probe]) report(o, `${path}.${probe}`, `${name} has no ${probe}`);
      }
      for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
        const handler = c[probe]?.httpGet ?? c[probe]?.tcpSocket ?? c[probe]?.grpc;
        if (handler && handler.port !== undefined && !ports.has(String(handler.port))) {
          report(o, `${path}.${probe}`, `${name}: ${probe} port ${handler.port} is not a port the container declares`);
        }
      }
    }
    const res = c.resources ?? {};
    if (!c.resources) {
      report(o, `${path}.resources`, `${name} has no resources (requests and limits)`);
    } else {
      for (const kind of ["requests", "limits"]) for (const r of ["cpu", "memory"]) {
        if (res[kind]?.[r] === undefined) report(o, `${path}.resources.${kind}.${r}`, `${name} has no ${r} ${kind.slice(0, -1)}`);
      }
    }
    const sc = c.securityContext ?? {};
    if ((sc.runAsNonRoot ?? podSc.runAsNonRoot) !== true) report(o, `${path}.securityContext.runAsNonRoot`, `${name} may run as root`);
    if ((sc.runAsUser ?? podSc.runAsUser) === 0) report(o, `${path}.securityContext.runAsUser`, `${name} runs as user 0`);
    if (sc.allowPrivilegeEscalation !== false) report(o, `${path}.securityContext.allowPrivilegeEscalation`, `${name} allows privilege escalation`);
    if (sc.readOnlyRootFilesystem !== true) report(o, `${path}.securityContext.readOnlyRootFilesystem`, `${name} has a writable root file system`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) report(o, `${path}.securityContext.capabilities.drop`, `${name} keeps Linux capabilities (drop ALL)`);
    const mounts = c.volumeMounts ?? [];
    mounts.forEach((m, i) => {
      if (!volumes.has(m.name) && !claimNames.has(m.name)) report(o, `${path}.volumeMounts[${i}]`, `${name} mounts unknown volume "${m.name}"`);
    });
    if (sc.readOnlyRootFilesystem === true) {
      const tmp = mounts.find((m) => m.mountPath === "/tmp");
      if (!tmp) report(o, `${path}.volumeMounts`, `${name} has a read-only root file system and no volume at /tmp`);
      else if (tmp.readOnly) report(o, `${path}.volumeMounts`, `${name}: /tmp is mounted read-only`);
    }
    checkEnvRefs(o, path, c, report, ctx);
  }
  for (const [i, v] of (podSpec.volumes ?? []).entries()) {
    const path = `.spec.template.spec.volumes[${i}]`;
    if (v.configMap) checkRef(o, path, "ConfigMap", v.configMap.name, v.configMap.optional, (v.configMap.items ?? []).map((it) => it.key), report, ctx);
    if (v.secret) checkRef(o, path, "Secret", v.secret.secretName, v.secret.optional, (v.secret.items ?? []).map((it) => it.key), report, ctx);
    for (const s of v.projected?.sources ?? []) {
      if (s.configMap) checkRef(o, path, "ConfigMap", s.configMap.name, s.configMap.optional, (s.configMap.items ?? []).map((it) => it.key), report, ctx);
      if (s.secret) checkRef(o, path, "Secret", s.secret.name, s.secret.optional, (s.secret.items ?? []).map((it) => it.key), report, ctx);
    }
  }
  const annotations = template.metadata?.annotations ?? {};
  if (annotations["prometheus.io/scrape"] === "true") {
    const port = annotations["prometheus.io/port"];
    const path = annotations["prometheus.io/path"];
    if (!port || !declaredPorts.has(String(port)) || !/^\d+$/.test(String(port))) {
      report(o, ".spec.template.metadata.annotations", `prometheus.io/port "${port}" is not a port number the containers declare`);
    }
    if (!path || !String(path).startsWith("/")) report(o, ".spec.template.metadata.annotations", `prometheus.io/path "${path}" is not a path`);
  }
}

function checkEnvRefs(o, path, c, report, ctx) {
  (c.envFrom ?? []).forEach((e, i) => {
    if (e.configMapRef) checkRef(o, `${path}.envFrom[${i}]`, "ConfigMap", e.configMapRef.name, e.configMapRef.optional, [], report, ctx);
    if (e.secretRef) checkRef(o, `${path}.envFrom[${i}]`, "Secret", e.secretRef.name, e.secretRef.optional, [], report, ctx);
  });
  (c.env ?? []).forEach((e, i) => {
    const from = e.valueFrom ?? {};
    if (from.configMapKeyRef) checkRef(o, `${path}.env[${i}]`, "ConfigMap", from.configMapKeyRef.name, from.configMapKeyRef.optional, [from.configMapKeyRef.key], report, ctx);
    if (from.secretKeyRef) checkRef(o, `${path}.env[${i}]`, "Secret", from.secretKeyRef.name, from.secretKeyRef.optional, [from.secretKeyRef.key], report, ctx);
  });
}

function checkRef(o, path, kind, name, optional, keys, report, ctx) {
  if (optional === true) return;
  const target = ctx.byId.get(`${nsOf(o)}|${kind}/${name}`);
  if (!target) {
    if (!ctx.external.has(`${kind}/${name}`)) report(o, path, `${kind} "${name}" is neither in the manifests nor declared external`);
    return;
  }
  const present = new Set([...Object.keys(target.data ?? {}), ...Object.keys(target.stringData ?? {}), ...Object.keys(target.binaryData ?? {})]);
  for (const key of keys) if (key !== undefined && !present.has(key)) report(o, path, `${kind} "${name}" has no key "${key}"`);
}

function checkService(o, pods, report) {
  const selector = o.spec?.selector;
  if (o.spec?.type === "ExternalName") return;
  if (!selector || Object.keys(selector).length === 0) {
    report(o, ".spec.selector", "Service has no selector");
    return;
  }
  const hits = checkSelects(o, ".spec.selector", { matchLabels: selector }, pods, report, "Service selector");
  if (hits.length === 0) return;
  (o.spec.ports ?? []).forEach((p, i) => {
    const target = String(p.targetPort ?? p.port);
    for (const pod of hits) {
      if (!pod.ports.has(target)) report(o, `.spec.ports[${i}].targetPort`, `targetPort ${target} is not a port of ${idOf(pod.owner)}`);
    }
  });
}

function checkNetworkPolicy(o, pods, report) {
  const spec = o.spec ?? {};
  const targets = checkSelects(o, ".spec.podSelector", spec.podSelector ?? {}, pods, report, "NetworkPolicy podSelector");
  const rules = [...(spec.ingress ?? []).map((r, i) => [r, r.from, `.spec.ingress[${i}]`, "from", true]),
                 ...(spec.egress ?? []).map((r, i) => [r, r.to, `.spec.egress[${i}]`, "to", false])];
  for (const [rule, peers, path, field, ingress] of rules) {
    const peerPods = [];
    (peers ?? []).forEach((peer, j) => {
      if (peer.podSelector && !peer.namespaceSelector) {
        peerPods.push(...checkSelects(o, `${path}.${field}[${j}].podSelector`, peer.podSelector, pods, report, "NetworkPolicy peer podSelector"));
      }
    });
    // Named ports are looked up on the destination: the policy's own pods for ingress, the peers
    // (when they are pods of these manifests) for egress.
    const destinations = ingress ? targets : peerPods;
    (rule.ports ?? []).forEach((p, k) => {
      if (typeof p.port !== "string" || destinations.length === 0) return;
      if (!destinations.some((pod) => pod.ports.has(p.port))) {
        report(o, `${path}.ports[${k}]`, `named port "${p.port}" is declared by none of the selected pods`);
      }
    });
  }
}

function check(objects, external) {
  const problems = [];
  const report = (o, path, message) => problems.push({ object: `${idOf(o)}`, path, message });
  const byId = new Map();
  for (const o of objects) {
    if (!o.metadata?.name) report(o, ".metadata.name", "object has no name");
    const key = `${nsOf(o)}|${o.kind}/${o.metadata?.name}`;
    if (byId.has(key)) report(o, ".metadata.name", `duplicate ${o.kind} "${o.metadata?.name}"`);
    byId.set(key, o);
  }
  const ctx = { byId, external };
  for (const o of objects) validateSchema(o, report);
  const pods = podsOf(objects);
  for (const o of objects) {
    if (WORKLOAD_KINDS.has(o.kind)) checkWorkload(o, report, ctx);
    else if (o.kind === "Service") checkService(o, pods, report);
    else if (o.kind === "PodDisruptionBudget") checkSelects(o, ".spec.selector", o.spec?.selector ?? {}, pods, report, "PodDisruptionBudget selector");
    else if (o.kind === "NetworkPolicy") checkNetworkPolicy(o, pods, report);
    else if (o.kind === "HorizontalPodAutoscaler") {
      const ref = o.spec?.scaleTargetRef ?? {};
      const target = byId.get(`${nsOf(o)}|${ref.kind}/${ref.name}`);
      if (!target) report(o, ".spec.scaleTargetRef", `scale target ${ref.kind}/${ref.name} is not in the manifests`);
      else if ((o.spec.metrics ?? []).some((m) => m.resource?.name === "cpu")) {
        for (const c of target.spec?.template?.spec?.containers ?? []) {
          if (!c.resources?.requests?.cpu) report(o, ".spec.metrics", `CPU utilisation needs a cpu request on ${idOf(target)} container "${c.name}"`);
        }
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------

try {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 18) throw new Error(`Node.js ${process.versions.node} is too old: 18 or newer is needed`);
  const { external, files } = parseArgs(process.argv.slice(2));
  const objects = loadObjects(files);
  const problems = check(objects, external);
  const summary = objects.map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata?.namespace ?? null, name: o.metadata?.name ?? null }));
  process.stdout.write(JSON.stringify({ objects: summary, problems }, null, 1) + "\n");
  process.exitCode = problems.length === 0 ? 0 : 1;
} catch (e) {
  process.stderr.write(`check.mjs: ${e.stack ?? e}\n`);
  process.exitCode = 2;
}
