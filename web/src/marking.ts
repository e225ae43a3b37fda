// The handling marking of the current screen: the highest classification and
// TLP of every record (or derived product) the page shows, with the handling
// codes and ORCON, drawn in a banner at the top and bottom of every screen.
//
// Every JSON answer of the API that the current page asked for is observed
// (api.ts calls observe()): any object with a `classification` and a `tlp`
// string is a handling block. Answers that arrive after the user has moved to
// another page are ignored (the generation counter), so a banner never
// understates what is on the screen and never carries a previous page's
// records.

export const kClassifications = ["UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL", "SECRET", "TOP SECRET"] as const;
export const kTlps = ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"] as const;

export interface Handling {
  classification: string;
  tlp: string;
  codes?: string[];
  releasable_to?: string[];
  originator_control?: boolean;
  compartment?: string;
  review_date?: string;
  restrictions?: string;
}

export interface Marking {
  classification: number; // index into kClassifications, -1 = nothing shown yet
  tlp: number;
  codes: Set<string>;
  orcon: boolean;
  compartments: Set<string>;
  records: number;
}

function empty(): Marking {
  return { classification: -1, tlp: -1, codes: new Set(), orcon: false, compartments: new Set(), records: 0 };
}

let current: Marking = empty();
let generation = 0;
const listeners: Array<(m: Marking) => void> = [];

export function currentGeneration(): number {
  return generation;
}

// A new screen: forget what the previous one showed.
export function resetMarking(): void {
  generation += 1;
  current = empty();
  notify();
}

export function onMarkingChange(fn: (m: Marking) => void): void {
  listeners.push(fn);
  fn(current);
}

function notify(): void {
  for (const fn of listeners) fn(current);
}

function isHandling(o: Record<string, unknown>): boolean {
  return typeof o.classification === "string" && typeof o.tlp === "string";
}

function add(hd: Handling): void {
  const c = kClassifications.indexOf(hd.classification as (typeof kClassifications)[number]);
  const t = kTlps.indexOf(hd.tlp as (typeof kTlps)[number]);
  // An unknown label is treated as the highest: never understate.
  current.classification = Math.max(current.classification, c < 0 ? kClassifications.length - 1 : c);
  current.tlp = Math.max(current.tlp, t < 0 ? kTlps.length - 1 : t);
  for (const code of hd.codes ?? []) current.codes.add(code);
  if (hd.originator_control) current.orcon = true;
  if (hd.compartment) current.compartments.add(hd.compartment);
  current.records += 1;
}

// Walks a JSON answer and adds every handling block in it.
export function observe(json: unknown, gen: number): void {
  if (gen !== generation) return;
  const before = current.records;
  const stack: unknown[] = [json];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const x of v) if (x !== null && typeof x === "object") stack.push(x);
    } else if (v !== null && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (isHandling(o)) {
        add(o as unknown as Handling);
        continue;
      }
      for (const x of Object.values(o)) if (x !== null && typeof x === "object") stack.push(x);
    }
  }
  if (current.records !== before) notify();
}

const kCodeLabels: Record<string, string> = {
  crime_fighting_only: "CRIME-FIGHTING ONLY",
  no_judicial_use: "NO JUDICIAL USE",
  no_onward_dissemination: "NO ONWARD DISSEMINATION",
  other_restrictions: "OTHER RESTRICTIONS",
};

export function codeLabel(code: string): string {
  return kCodeLabels[code] ?? code.toUpperCase();
}

// "SECRET // TLP:AMBER // ORCON // NO JUDICIAL USE"
export function markingText(m: Marking): string {
  if (m.classification < 0) return "NO RECORDS SHOWN";
  const parts: string[] = [kClassifications[m.classification], kTlps[m.tlp]];
  if (m.orcon) parts.push("ORCON");
  for (const c of [...m.compartments].sort()) parts.push(`COMPARTMENT ${c.toUpperCase()}`);
  for (const c of [...m.codes].sort()) parts.push(codeLabel(c));
  return parts.join(" // ");
}

export function classificationClass(index: number): string {
  if (index < 0) return "mark-none";
  return "mark-" + kClassifications[index].toLowerCase().replace(" ", "-");
}

// The marking of one record, for chips beside it.
export function recordMarking(hd: Handling | undefined): string {
  if (!hd) return "";
  const parts = [hd.classification, hd.tlp];
  if (hd.originator_control) parts.push("ORCON");
  return parts.join(" · ");
}
