import { readPackSpec, unitsInPack } from "./pack-spec.js";

/**
 * How many packs one listing sells and how many units each pack holds, read from the title's
 * pack notation (`pack-spec.ts`). "安可血糖试纸50片*2盒" → 2 packs of 50; "0.1g×100片" and
 * "10片×3板" are one pack. Used to price per pack and to check that a listing is the configured
 * pack size before any price rule runs.
 */
export interface PackInfo {
  /** Packs (boxes, bottles) sold as one listing item; 1 unless the title says otherwise. */
  packs: number;
  /** Units (strips, tablets) per pack, or null when nothing states it. */
  unitsPerPack: number | null;
  /** What was read, for match explanations. */
  evidence: string[];
}

const MAX_PACKS = 100;
const MAX_UNITS = 10_000;

interface Hit {
  value: number;
  text: string;
}

const within = (max: number) => (hit: Hit) => hit.value >= 1 && hit.value <= max;

export function parsePackInfo(title: string, unitsPerPack?: number): PackInfo {
  const spec = readPackSpec(title);
  const evidence = [...spec.notes];

  const packHits = spec.packs.map((p) => ({ value: p.packs.value, text: p.text })).filter(within(MAX_PACKS));
  const units = spec.counts
    .map((c) => ({ value: unitsInPack(c.count, c.boards), text: c.text }))
    .filter(within(MAX_UNITS));
  const totals = spec.totals.map((t) => ({ value: t.count.value, text: t.text })).filter(within(MAX_UNITS));

  const firstPacks = packHits[0];
  let packs = firstPacks?.value ?? 1;
  if (firstPacks !== undefined) {
    evidence.push(`packs ${packs} from "${firstPacks.text}"`);
    const packValues = [...new Set(packHits.map((h) => h.value))];
    if (packValues.length > 1)
      evidence.push(`conflicting pack counts ${packValues.join(", ")}; used ${packs}`);
  }

  let perPack: number | null = null;
  const unitValues = [...new Set(units.map((h) => h.value))];
  if (unitValues.length === 1) {
    const first = units[0]!;
    perPack = first.value;
    evidence.push(`${perPack} units per pack from "${first.text}"`);
  } else if (unitValues.length > 1) {
    // "100片(50片*2盒)": the larger figure is the total of the smaller per pack.
    const inner = packs > 1 ? unitValues.find((u) => unitValues.includes(u * packs)) : undefined;
    perPack = inner ?? unitValues[0] ?? null;
    evidence.push(
      inner === undefined
        ? `conflicting unit counts ${unitValues.join(", ")}; used ${perPack}`
        : `${inner} units per pack (${inner * packs} in total)`,
    );
  }

  const per = perPack;
  if (per !== null && packHits.length === 0) {
    // "50片/盒 共100片" states the pack count only through the total.
    const total = totals.find((t) => t.value > per && t.value % per === 0 && t.value / per <= MAX_PACKS);
    if (total !== undefined) {
      packs = total.value / per;
      evidence.push(`packs ${packs} from total "${total.text}"`);
    }
  } else if (per === null) {
    // "共20片" alone, or "2盒 共100片": the total spread over the packs.
    const total = totals.find((t) => t.value % packs === 0);
    if (total !== undefined) {
      perPack = total.value / packs;
      evidence.push(`${perPack} units per pack from total "${total.text}"`);
    }
  }

  if (perPack === null && Number.isInteger(unitsPerPack) && (unitsPerPack ?? 0) > 0) {
    perPack = unitsPerPack ?? null;
    evidence.push(`${perPack} units per pack from the listing's pack-size field`);
  }
  return { packs, unitsPerPack: perPack, evidence };
}
