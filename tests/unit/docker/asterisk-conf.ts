// Shared by the docker/ tests: docker/asterisk/ is the real Asterisk configuration of the dialplan
// contract (DESIGN.md). No Asterisk runs in the tests, so this reads the files the way Asterisk
// does (sections, templates, `key = value`, `exten =>`/`same =>`), and compose.yml by indentation.
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../../src/config/config.ts';

export const DOCKER = new URL('../../../docker/', import.meta.url);
export const ASTERISK = new URL('asterisk/', DOCKER);
export const read = (name: string, base: URL = ASTERISK) => readFileSync(new URL(name, base), 'utf8');

export interface Section {
  name: string;
  template: boolean;
  parents: string[];
  entries: Array<[string, string]>;
}

/** Asterisk's config syntax: [name], [name](!), [name](parent,...), key = value, key => value, ; comments. */
export function parseConf(text: string): Section[] {
  const out: Section[] = [];
  let cur: Section | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(^|[^\\]);.*$/, '$1').trim();
    if (!line || line.startsWith('#')) continue;
    const head = /^\[([^\]]+)\](?:\(([^)]*)\))?$/.exec(line);
    if (head) {
      const opts = (head[2] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      cur = { name: head[1]!, template: opts.includes('!'), parents: opts.filter((o) => o !== '!'), entries: [] };
      out.push(cur);
      continue;
    }
    const kv = /^([^=]+?)\s*=>?\s*(.*)$/.exec(line);
    if (!kv || !cur) throw new Error(`cannot parse: ${raw}`);
    cur.entries.push([kv[1]!.trim(), kv[2]!.trim()]);
  }
  return out;
}

/** The options of a (non-template) section with its templates' options underneath, as Asterisk resolves them. */
function resolved(sections: Section[], s: Section): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (sec: Section) => {
    for (const p of sec.parents) {
      const parent = sections.find((x) => x.name === p && x.template);
      if (!parent) throw new Error(`[${sec.name}] inherits from unknown template ${p}`);
      add(parent);
    }
    for (const [k, v] of sec.entries) out.set(k, [...(out.get(k) ?? []), v]);
  };
  add(s);
  return out;
}

export function section(sections: Section[], name: string, pred: (o: Map<string, string[]>) => boolean = () => true) {
  const s = sections.filter((x) => x.name === name && !x.template).find((x) => pred(resolved(sections, x)));
  if (!s) throw new Error(`no section [${name}]`);
  return resolved(sections, s);
}
export const one = (o: Map<string, string[]>, key: string) => o.get(key)?.at(-1);

export interface Step {
  exten: string;
  priority: string;
  label: string | null;
  app: string;
  args: string;
}

/** A context's `exten =>` / `same =>` lines as (extension, priority, label, application, arguments). */
export function dialplan(sections: Section[], context: string): Step[] {
  const ctx = sections.find((s) => s.name === context);
  if (!ctx) throw new Error(`no context [${context}]`);
  const steps: Step[] = [];
  let exten = '';
  for (const [key, value] of ctx.entries) {
    if (key !== 'exten' && key !== 'same') continue;
    let rest = value;
    if (key === 'exten') {
      exten = rest.slice(0, rest.indexOf(','));
      rest = rest.slice(exten.length + 1);
    }
    const prio = rest.slice(0, rest.indexOf(','));
    const call = rest.slice(prio.length + 1);
    const m = /^([A-Za-z]+)(?:\((.*)\))?$/.exec(call);
    if (!m) throw new Error(`cannot parse dialplan step: ${value}`);
    const lab = /^(\w+)(?:\((\w[\w-]*)\))?$/.exec(prio);
    steps.push({ exten, priority: lab?.[1] ?? prio, label: lab?.[2] ?? null, app: m[1]!, args: m[2] ?? '' });
  }
  return steps;
}

/** Top-level blocks of a YAML file by indentation: enough for compose.yml's services. */
export function yamlBlock(text: string, path: string[]): string[] {
  let lines = text.split('\n');
  let indent = -1;
  for (const key of path) {
    const i = lines.findIndex((l) => new RegExp(`^\\s{${indent + 1},}${key}:`).test(l) && l.search(/\S/) > indent);
    if (i < 0) return [];
    indent = lines[i]!.search(/\S/);
    const body: string[] = [];
    for (const l of lines.slice(i + 1)) {
      if (l.trim() && l.search(/\S/) <= indent) break;
      body.push(l);
    }
    lines = body;
  }
  return lines;
}
export const yamlMap = (lines: string[]): Map<string, string> =>
  new Map(
    lines
      .map((l) => /^\s+([A-Za-z_][\w-]*):\s*(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null && !m[0].trim().startsWith('#'))
      .map((m) => [m[1]!, m[2]!.replace(/^"(.*)"$/, '$1')]),
  );

export const manager = parseConf(read('manager.conf'));
export const queues = parseConf(read('queues.conf'));
export const extensions = parseConf(read('extensions.conf'));
export const pjsip = parseConf(read('pjsip.conf'));
export const compose = read('compose.yml', DOCKER);
export const APP = loadConfig({}).ariApp;
