// The offset map between a normalized text and the text it came from: building it from edits,
// chaining two maps, resolving a point, and turning an offset into a line and column.
import type { OffsetMap, Place } from '../types.js';

/**
 * One replacement on an input string: `input.slice(start, end)` becomes `replacement`.
 * Edits handed to `applyEdits` are sorted and do not overlap.
 */
export interface Edit {
  start: number;
  end: number;
  replacement: string;
}

/** The map of a text that was not changed at all. */
export function identityMap(): OffsetMap {
  return { normalized: [0], original: [0] };
}

/**
 * Resolves a normalized offset to the original text. Inside run `i` the text is a copy, so the
 * offset moves one for one; the result never decreases as `normalizedOffset` grows, and a
 * character that replaced others (`\r\n` → `\n`, `ﬁ` → `fi`) points at what it replaced.
 *
 * Example: after dropping the `\r` of `"a\r\nb"`, normalized offset 2 (`b`) → original offset 3.
 */
export function toOriginalOffset(map: OffsetMap, normalizedOffset: number): number {
  const { normalized, original } = map;
  let low = 0;
  let high = normalized.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((normalized[middle] as number) <= normalizedOffset) low = middle;
    else high = middle - 1;
  }
  const mapped = (original[low] as number) + normalizedOffset - (normalized[low] as number);
  const nextStart = original[low + 1];
  return nextStart === undefined ? mapped : Math.min(mapped, nextStart);
}

/** Collects runs, merging a run that merely continues the previous one. */
class RunBuilder {
  readonly normalized: number[] = [];
  readonly original: number[] = [];

  push(normalizedOffset: number, originalOffset: number): void {
    const last = this.normalized.length - 1;
    if (last >= 0) {
      const lastNormalized = this.normalized[last] as number;
      const lastOriginal = this.original[last] as number;
      if (lastNormalized === normalizedOffset) {
        // A later run at the same place wins (an edit at the very start of a run).
        this.original[last] = originalOffset;
        if (last > 0 && this.continues(last - 1, normalizedOffset, originalOffset)) this.pop();
        return;
      }
      if (originalOffset - lastOriginal === normalizedOffset - lastNormalized) return;
    }
    this.normalized.push(normalizedOffset);
    this.original.push(originalOffset);
  }

  private continues(index: number, normalizedOffset: number, originalOffset: number): boolean {
    return originalOffset - (this.original[index] as number) === normalizedOffset - (this.normalized[index] as number);
  }

  private pop(): void {
    this.normalized.pop();
    this.original.pop();
  }

  map(): OffsetMap {
    if (this.normalized.length === 0) return identityMap();
    return { normalized: this.normalized, original: this.original };
  }
}

/**
 * Applies sorted, non-overlapping edits and returns the new text with its map back to `input`.
 * Linear in the input: the output is joined once from slices.
 */
export function applyEdits(input: string, edits: readonly Edit[]): { text: string; offsets: OffsetMap } {
  if (edits.length === 0) return { text: input, offsets: identityMap() };
  const parts: string[] = [];
  const runs = new RunBuilder();
  runs.push(0, 0);
  let inputAt = 0;
  let outputAt = 0;
  for (const edit of edits) {
    if (edit.start < inputAt || edit.end < edit.start) {
      throw new RangeError(`edits must be sorted and disjoint (edit at ${edit.start} after ${inputAt})`);
    }
    parts.push(input.slice(inputAt, edit.start));
    outputAt += edit.start - inputAt;
    parts.push(edit.replacement);
    runs.push(outputAt, edit.start);
    const replacedLength = edit.end - edit.start;
    // Characters beyond the replaced length (an expansion) each point at the last replaced
    // character, so no run ever claims more original text than it has.
    const anchor = Math.max(edit.start, edit.end - 1);
    for (let extra = Math.max(replacedLength, 1); extra < edit.replacement.length; extra++) {
      runs.push(outputAt + extra, anchor);
    }
    outputAt += edit.replacement.length;
    runs.push(outputAt, edit.end);
    inputAt = edit.end;
  }
  parts.push(input.slice(inputAt));
  return { text: parts.join(''), offsets: runs.map() };
}

/**
 * Chains two maps: `inner` maps a text C to B, `outer` maps B to A; the result maps C to A and
 * resolves every offset exactly as `toOriginalOffset(outer, toOriginalOffset(inner, n))` would.
 * Both maps must come from `applyEdits` (or this function): no run reaches past its successor.
 */
export function composeMaps(outer: OffsetMap, inner: OffsetMap): OffsetMap {
  const runs = new RunBuilder();
  let k = 0; // the outer run holding the current middle offset
  const outerCount = outer.normalized.length;
  for (let j = 0; j < inner.normalized.length; j++) {
    const start = inner.normalized[j] as number;
    const middleStart = inner.original[j] as number;
    const nextStart = inner.normalized[j + 1];
    const middleEnd = nextStart === undefined ? Number.POSITIVE_INFINITY : middleStart + (nextStart - start);
    while (k + 1 < outerCount && (outer.normalized[k + 1] as number) <= middleStart) k++;
    runs.push(start, toOriginalOffset(outer, middleStart));
    // Each outer run that begins inside this stretch begins a composed run too.
    for (let b = k + 1; b < outerCount && (outer.normalized[b] as number) < middleEnd; b++) {
      const boundary = outer.normalized[b] as number;
      runs.push(start + (boundary - middleStart), outer.original[b] as number);
    }
  }
  return runs.map();
}

/**
 * Line and column (both 1-based; the column counts code points, so an emoji is one column) of an
 * offset in `text`. Offsets past the end are clamped to the end.
 *
 * Example: `placeOf("ab\ncd", 4)` → `{line: 2, column: 2, offset: 4}`.
 */
export function placeOf(text: string, offset: number): Place {
  const at = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let newline = text.indexOf('\n'); newline !== -1 && newline < at; newline = text.indexOf('\n', newline + 1)) {
    line++;
    lineStart = newline + 1;
  }
  let column = 1;
  for (let i = lineStart; i < at; i++) {
    const code = text.charCodeAt(i);
    // A high surrogate followed by its low half is one code point.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < at) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    column++;
  }
  return { line, column, offset: at };
}
