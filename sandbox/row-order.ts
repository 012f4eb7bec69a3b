/**
 * The list order of a table whose generated rows are never stored. Only the changes are kept:
 * a sorted array of deleted generated indexes and the ids of rows inserted at either end. Mapping
 * an offset to a row costs a binary search over the deletions, so a page costs O(log d + limit).
 */

export type RowKey = { kind: 'generated'; index: number } | { kind: 'inserted'; id: string };

export type InsertPosition = 'start' | 'end';

export class RowOrder {
  /** Deleted generated indexes, ascending. */
  private readonly deleted: number[] = [];
  /** Ids inserted at the start, oldest first, so the last one is at offset 0. */
  private readonly startIds: string[] = [];
  /** Ids inserted at the end, oldest first. */
  private readonly endIds: string[] = [];

  constructor(private readonly generatedCount: number) {}

  count(): number {
    return this.startIds.length + this.generatedCount - this.deleted.length + this.endIds.length;
  }

  isGeneratedPresent(index: number): boolean {
    if (!Number.isInteger(index) || index < 0 || index >= this.generatedCount) {
      return false;
    }

    const position = lowerBound(this.deleted, index);
    return this.deleted[position] !== index;
  }

  deleteGenerated(index: number): void {
    const position = lowerBound(this.deleted, index);
    this.deleted.splice(position, 0, index);
  }

  insert(id: string, position: InsertPosition): void {
    if (position === 'start') {
      this.startIds.push(id);
    } else {
      this.endIds.push(id);
    }
  }

  /** Removes an inserted id. Returns false when it was not in the list. */
  removeInserted(id: string): boolean {
    for (const ids of [this.startIds, this.endIds]) {
      const position = ids.indexOf(id);
      if (position >= 0) {
        ids.splice(position, 1);
        return true;
      }
    }

    return false;
  }

  /** Returns the keys of the rows at offsets [offset, offset + limit). */
  slice(offset: number, limit: number): RowKey[] {
    const end = Math.min(offset + limit, this.count());
    const keys: RowKey[] = [];
    const startCount = this.startIds.length;
    const generatedEnd = startCount + this.generatedCount - this.deleted.length;
    let position = offset;

    for (; position < Math.min(end, startCount); position++) {
      keys.push({ kind: 'inserted', id: this.startIds[startCount - 1 - position] });
    }

    const generatedRows = Math.min(end, generatedEnd) - position;
    if (generatedRows > 0) {
      keys.push(...this.generatedSlice(position - startCount, generatedRows));
      position += generatedRows;
    }

    for (; position < end; position++) {
      keys.push({ kind: 'inserted', id: this.endIds[position - generatedEnd] });
    }

    return keys;
  }

  /** Returns `count` surviving generated rows starting at survivor rank `rank`. */
  private generatedSlice(rank: number, count: number): RowKey[] {
    let deletedBefore = this.countDeletedAtOrBeforeRank(rank);
    let index = rank + deletedBefore;
    const keys: RowKey[] = [];

    while (keys.length < count) {
      // Deletions are ascending, so skipping them needs only one pointer.
      if (this.deleted[deletedBefore] === index) {
        deletedBefore++;
      } else {
        keys.push({ kind: 'generated', index });
      }
      index++;
    }

    return keys;
  }

  /**
   * Counts the deleted indexes that lie before the survivor of rank `rank`. The k-th deletion
   * d has d - k survivors before it, and that number never decreases with k, so a binary
   * search finds how many deletions have at most `rank` survivors before them.
   */
  private countDeletedAtOrBeforeRank(rank: number): number {
    return partitionPoint(this.deleted.length, (k) => this.deleted[k] - k <= rank);
  }
}

/** Returns the first position in ascending `values` whose value is >= `target`. */
function lowerBound(values: readonly number[], target: number): number {
  return partitionPoint(values.length, (position) => values[position] < target);
}

/**
 * Binary search: returns the first position in [0, length) where `isBefore` is false, given
 * that it is true for every position before that one and false for every position after.
 */
function partitionPoint(length: number, isBefore: (position: number) => boolean): number {
  let low = 0;
  let high = length;

  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isBefore(middle)) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }

  return low;
}
