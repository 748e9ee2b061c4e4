#!/usr/bin/env node
// Splits end-to-end latencies of a multi-node run (bench/cluster/load.mjs --messages) by path:
// "same node" when the WebSocket is on the node that processed the message (its local hub),
// "cross node" when it is on another one (journal row, NOTIFY, the other node's follower reads
// the journal and loads the message). Which node processed a message comes from the journal:
// the node_id of its message.created row in stream_records.
//
//   node bench/cluster/classify.mjs MESSAGES.tsv JOURNAL.tsv NAME=NODE_ID [NAME=NODE_ID ...]
//
// JOURNAL.tsv: "message_id\tnode_id" lines (message.created rows). NAME is a WebSocket column
// of MESSAGES.tsv. Prints JSON: per path, n/p50/p90/p99/max in ms; for each message seen on both
// paths, the cross-node time minus the same-node time (what the journal hop adds); and how many
// messages each node processed.
import { readFileSync } from 'node:fs';

const [messagesPath, journalPath, ...pairs] = process.argv.slice(2);
if (!messagesPath || !journalPath || !pairs.length) {
  console.error('usage: classify.mjs MESSAGES.tsv JOURNAL.tsv NAME=NODE_ID ...');
  process.exit(2);
}
const nodeOfStream = new Map(pairs.map((p) => p.split('=')));
const processedBy = new Map();
for (const line of readFileSync(journalPath, 'utf8').split('\n')) {
  if (!line) continue;
  const [mid, node] = line.split('\t');
  processedBy.set(mid, node);
}
const [header, ...rows] = readFileSync(messagesPath, 'utf8').trimEnd().split('\n');
const cols = header.split('\t');
const streamCols = cols.slice(5);

function pct(values) {
  const v = Float64Array.from(values).sort();
  const at = (p) => (v.length ? v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))] : null);
  const r = (x) => (x === null ? null : Math.round(x * 1000) / 1000);
  return { n: v.length, p50: r(at(50)), p90: r(at(90)), p99: r(at(99)), max: r(at(100)) };
}

const same = [];
const cross = [];
const extra = []; // per message seen on both paths: cross-node minus same-node time
const perStream = Object.fromEntries(streamCols.map((s) => [s, { same: [], cross: [] }]));
const processedCount = {};
let unknown = 0;
for (const row of rows) {
  const f = row.split('\t');
  const mid = f[4];
  if (!mid) continue;
  const node = processedBy.get(mid);
  if (!node) {
    unknown++;
    continue;
  }
  const procName = [...nodeOfStream].find(([, id]) => id === node)?.[0] ?? node;
  processedCount[procName] = (processedCount[procName] ?? 0) + 1;
  let sameMs = null;
  const crossMs = [];
  streamCols.forEach((s, k) => {
    const v = f[5 + k];
    if (v === '') return;
    const isSame = nodeOfStream.get(s) === node;
    (isSame ? same : cross).push(Number(v));
    perStream[s][isSame ? 'same' : 'cross'].push(Number(v));
    if (isSame) sameMs = Number(v);
    else crossMs.push(Number(v));
  });
  if (sameMs !== null) for (const c of crossMs) extra.push(c - sameMs);
}
console.log(
  JSON.stringify({
    same_node_ms: pct(same),
    cross_node_ms: pct(cross),
    cross_minus_same_ms: pct(extra),
    per_stream: Object.fromEntries(Object.entries(perStream).map(([s, v]) => [s, { same: pct(v.same), cross: pct(v.cross) }])),
    processed_by: processedCount,
    messages_without_journal_row: unknown,
  }),
);
