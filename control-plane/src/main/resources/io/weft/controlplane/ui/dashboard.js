// The weft dashboard: polls /api/v1/mesh and /api/v1/traffic and redraws. Plain DOM and SVG, no
// dependencies, every string from the APIs set as text (never parsed as HTML).
'use strict';

const REFRESH_MILLIS = Number(new URLSearchParams(location.search).get('refresh')) || 2000;
const SVG = 'http://www.w3.org/2000/svg';

function el(tag, attrs, ...children) {
  const node = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function fill(tbody, rows, columns) {
  tbody.replaceChildren(...(rows.length ? rows
      : [el('tr', {}, el('td', { class: 'empty', colspan: columns }, 'none'))]));
}

function human(millis) {
  const s = Math.max(0, Math.round(Math.abs(millis) / 1000));
  if (s < 60) return s + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm' + String(s % 60).padStart(2, '0') + 's';
  return Math.floor(s / 3600) + 'h' + String(Math.floor(s / 60) % 60).padStart(2, '0') + 'm';
}

const percent = r => r === null || r === undefined ? '-' : (r * 100).toFixed(1) + '%';
const millis = m => m === null || m === undefined ? '-' : (m < 10 ? m.toFixed(1) : Math.round(m)) + ' ms';
const rps = r => r.toFixed(1) + ' rps';

// ---- tables ----

function renderServices(mesh) {
  const rows = [];
  for (const service of mesh.services) {
    if (!service.instances.length) {
      rows.push(el('tr', { 'data-service': service.name }, el('td', {}, service.name),
                   el('td', { class: 'empty', colspan: 7 }, 'no instances')));
    }
    for (const i of service.instances) {
      const meta = Object.entries(i.meta || {}).map(([k, v]) => k + '=' + v).join(' ');
      rows.push(el('tr', { 'data-service': service.name, 'data-instance': i.id },
                   el('td', {}, service.name), el('td', {}, i.id), el('td', {}, i.address + ':' + i.port),
                   el('td', {}, i.protocol),
                   el('td', {}, el('span', { class: 'health-' + i.health, 'data-health': i.health }, i.health)),
                   el('td', {}, i.weight), el('td', {}, i.zone || '-'), el('td', {}, meta || '-')));
    }
  }
  fill(document.querySelector('#services tbody'), rows, 8);
}

function renderSidecars(mesh, now) {
  const rows = mesh.sidecars.map(s => {
    let cert = el('span', {}, '-');
    if (s.certificateNotAfter) {
      const notAfter = Date.parse(s.certificateNotAfter);
      const notBefore = s.certificateNotBefore ? Date.parse(s.certificateNotBefore) : null;
      const left = notAfter - now;
      // Highlighted once less than a fifth of the certificate's life is left.
      const expiring = left <= 0 || (notBefore !== null && left < (notAfter - notBefore) / 5);
      cert = el('span', { class: expiring ? 'cert-expiring' : null, 'data-expiring': String(expiring) },
                left > 0 ? 'in ' + human(left) : 'EXPIRED ' + human(left) + ' ago');
    }
    const resources = el('span', {});
    for (const [name, r] of Object.entries(s.resources)) {
      const nacked = r.nackError !== null && r.nacked >= r.acked;
      resources.append(el('span', { class: nacked ? 'nack' : null, title: r.nackError || '' },
                          nacked ? name + ' NACK v' + r.nacked + ': ' + r.nackError
                                 : name + ' v' + r.acked + (r.sent !== r.acked ? ' (sent v' + r.sent + ')' : '')),
                       '  ');
    }
    return el('tr', { 'data-sidecar': s.instanceId },
              el('td', {}, s.instanceId), el('td', {}, s.service), el('td', {}, s.sidecarVersion || '-'),
              el('td', {}, human(now - Date.parse(s.connectedAt)) + ' ago'), el('td', {}, cert),
              el('td', {}, resources));
  });
  fill(document.querySelector('#sidecars tbody'), rows, 6);
}

function renderIntentions(mesh) {
  document.getElementById('default-action').textContent = 'default: ' + mesh.intentions.defaultAction;
  fill(document.querySelector('#intentions tbody'), mesh.intentions.rules.map(r =>
      el('tr', {}, el('td', {}, r.source), el('td', {}, r.destination),
         el('td', { class: r.action === 'deny' ? 'deny' : null },
            r.action || (r.permissions || []).join('; ')),  // an L7 rule: its permissions, in order
         el('td', {}, r.precedence))), 4);
}

function renderTraffic(traffic) {
  fill(document.querySelector('#traffic tbody'), traffic.edges.map(e =>
      el('tr', { 'data-edge': e.source + '->' + e.destination },
         el('td', {}, e.source), el('td', {}, e.destination), el('td', {}, rps(e.total.rps)),
         el('td', {}, percent(e.total.successRate)), el('td', {}, millis(e.total.p50Ms)),
         el('td', {}, millis(e.total.p95Ms)), el('td', {}, millis(e.total.p99Ms)))), 7);
}

// ---- topology ----

/** Columns by longest path from a node nobody calls; a cycle stops growing after as many rounds as nodes. */
function layers(names, edges) {
  const depth = new Map(names.map(n => [n, 0]));
  for (let round = 0; round < names.length; round++) {
    let changed = false;
    for (const e of edges) {
      if (e.source !== e.destination && depth.get(e.destination) < depth.get(e.source) + 1) {
        depth.set(e.destination, depth.get(e.source) + 1);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return depth;
}

function renderTopology(mesh, traffic) {
  const svg = document.getElementById('topology');
  const services = new Map(mesh.services.map(s => [s.name, s]));
  const names = [...new Set([...services.keys(), ...mesh.sidecars.map(s => s.service),
                             ...traffic.edges.flatMap(e => [e.source, e.destination])])].sort();
  const depth = layers(names, traffic.edges);
  const columns = new Map();
  for (const n of names) {
    const d = depth.get(n);
    if (!columns.has(d)) columns.set(d, []);
    columns.get(d).push(n);
  }
  const width = svg.clientWidth || 900;
  const height = svg.clientHeight || 320;
  const columnCount = Math.max(...columns.keys(), 0) + 1;
  const at = new Map();
  for (const [d, column] of columns) {
    column.forEach((n, i) => at.set(n, {
      x: (d + 0.5) * width / columnCount,
      y: (i + 0.5) * height / column.length,
    }));
  }
  const nodeWidth = 130, nodeHeight = 40;
  const defs = el('svg:defs', {}, el('svg:marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5,
                                                     markerWidth: 8, markerHeight: 8, orient: 'auto' },
                                   el('svg:path', { d: 'M0,0 L10,5 L0,10 z', fill: '#3367d6' })));
  const edges = traffic.edges.map(e => {
    const from = at.get(e.source), to = at.get(e.destination);
    const x1 = from.x + nodeWidth / 2, x2 = to.x - nodeWidth / 2;
    const path = e.source === e.destination
        ? `M${from.x - 20},${from.y - nodeHeight / 2} C${from.x - 40},${from.y - 80} ${from.x + 40},${from.y - 80} ${from.x + 20},${from.y - nodeHeight / 2}`
        : `M${x1},${from.y} C${(x1 + x2) / 2},${from.y} ${(x1 + x2) / 2},${to.y} ${x2},${to.y}`;
    const failing = e.total.successRate !== null && e.total.successRate < 0.95;
    return el('svg:g', { class: 'edge' + (failing ? ' failing' : ''), 'data-source': e.source,
                         'data-destination': e.destination, 'data-rps': e.total.rps.toFixed(2),
                         'data-success-rate': e.total.successRate === null ? '' : e.total.successRate.toFixed(4) },
              el('svg:path', { d: path, 'marker-end': 'url(#arrow)' }),
              el('svg:text', { x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 - 8 },
                 rps(e.total.rps) + ' · ' + percent(e.total.successRate)));
  });
  const nodes = names.map(n => {
    const p = at.get(n);
    const service = services.get(n);
    const instances = service ? service.instances : [];
    const critical = instances.some(i => i.health === 'critical');
    const passing = instances.filter(i => i.health === 'passing').length;
    const label = service ? `${n} (${passing}/${instances.length})` : n;
    return el('svg:g', { class: 'node' + (critical ? ' critical' : '') + (service ? '' : ' external'),
                         'data-name': n, 'data-critical': String(critical) },
              el('svg:rect', { x: p.x - nodeWidth / 2, y: p.y - nodeHeight / 2, width: nodeWidth,
                               height: nodeHeight }),
              el('svg:text', { x: p.x, y: p.y }, label));
  });
  svg.replaceChildren(defs, ...edges, ...nodes);
}

// ---- polling ----

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) throw new Error(path + ' answered ' + response.status);
  return response.json();
}

async function refresh() {
  try {
    const [mesh, traffic] = await Promise.all([getJson('/api/v1/mesh'), getJson('/api/v1/traffic')]);
    const now = Date.now();
    const snapshot = document.getElementById('snapshot');
    snapshot.textContent = 'snapshot v' + mesh.snapshot.version + (mesh.snapshot.stale ? ' STALE: Consul unreachable' : '');
    snapshot.className = mesh.snapshot.stale ? 'stale' : '';
    renderTopology(mesh, traffic);
    renderServices(mesh);
    renderTraffic(traffic);
    renderSidecars(mesh, now);
    renderIntentions(mesh);
    document.getElementById('updated').textContent = 'updated ' + new Date(now).toLocaleTimeString();
    document.body.dataset.refreshed = String((Number(document.body.dataset.refreshed) || 0) + 1);
  } catch (e) {
    document.getElementById('updated').textContent = 'update failed: ' + e.message;
  } finally {
    setTimeout(refresh, REFRESH_MILLIS);
  }
}

refresh();
