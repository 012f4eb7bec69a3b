/**
 * One list of the API (clients or opportunities). Generated rows are built on demand, and only
 * changed, inserted and deleted rows are stored, so a table of millions of rows stays small.
 */

import { Clock } from './clock';
import { RecordPresenter } from './presentation';
import { SandboxRecord } from './records';
import { ARCHIVED_CONTACT_TYPE } from './reference-data';
import { InsertPosition, RowKey, RowOrder } from './row-order';
import { formatNaiveLocal } from './timestamps';

export interface TableDefinition {
  /** Record kind for error messages, e.g. 'Client'. */
  kind: string;
  /** Field that contains the record id, e.g. 'client_id'. */
  idField: string;
  /** Id of generated row 0. Row i has id firstId + i, and inserted rows get ids above the last. */
  firstId: number;
  generatedCount: number;
  generate(index: number, id: string): SandboxRecord;
}

export class RecordTable {
  private readonly order: RowOrder;
  /** Changed fields of generated rows, by generated index. */
  private readonly changes = new Map<number, SandboxRecord>();
  /** Whole records of inserted rows, by id. */
  private readonly inserted = new Map<string, SandboxRecord>();
  private nextId: number;

  constructor(
    private readonly definition: TableDefinition,
    private readonly clock: Clock,
    private readonly timeZone: string,
    private readonly presenter: RecordPresenter,
  ) {
    this.order = new RowOrder(definition.generatedCount);
    this.nextId = definition.firstId + definition.generatedCount;
  }

  count(): number {
    return this.order.count();
  }

  get(id: string): SandboxRecord | undefined {
    const stored = this.findStored(id);
    return stored === undefined ? undefined : this.presenter.present(stored, id);
  }

  /** Returns the records at offsets [offset, offset + limit), as the API serves them. */
  list(offset: number, limit: number): SandboxRecord[] {
    validateWindow(offset, limit);
    return this.order.slice(offset, limit).map((key) => this.present(key));
  }

  /**
   * Inserts a generated-looking record with `fields` applied over it, at the start or end of the
   * list order. `created` and `last_modified_date` are the clock's now unless `fields` sets them.
   */
  create(fields: SandboxRecord = {}, position: InsertPosition = 'end'): SandboxRecord {
    const id = String(this.nextId++);
    const now = this.formattedNow();
    const record = {
      ...this.definition.generate(Number(id) - this.definition.firstId, id),
      created: now,
      last_modified_date: now,
      ...fields,
      [this.definition.idField]: id,
    };

    this.inserted.set(id, record);
    this.order.insert(id, position);
    return this.presenter.present(record, id);
  }

  /** Applies `fields` and sets `last_modified_date` to the clock's now unless `fields` sets it. */
  modify(id: string, fields: SandboxRecord = {}): SandboxRecord {
    const change = { last_modified_date: this.formattedNow(), ...fields, [this.definition.idField]: id };
    const insertedRecord = this.inserted.get(id);

    if (insertedRecord !== undefined) {
      Object.assign(insertedRecord, change);
    } else {
      const index = this.requireGeneratedIndex(id);
      this.changes.set(index, { ...this.changes.get(index), ...change });
    }

    return this.get(id) as SandboxRecord;
  }

  /** Moves the record to the Archived contact type, which is how ClientTether shows a deletion first. */
  archive(id: string): SandboxRecord {
    return this.modify(id, { contact_type: ARCHIVED_CONTACT_TYPE });
  }

  /** Removes the row, so every later row moves one offset down. */
  delete(id: string): void {
    if (this.inserted.delete(id)) {
      this.order.removeInserted(id);
      return;
    }

    const index = this.requireGeneratedIndex(id);
    this.order.deleteGenerated(index);
    this.changes.delete(index);
  }

  private present(key: RowKey): SandboxRecord {
    const id = key.kind === 'inserted' ? key.id : String(this.definition.firstId + key.index);
    return this.presenter.present(this.findStored(id) as SandboxRecord, id);
  }

  private findStored(id: string): SandboxRecord | undefined {
    const insertedRecord = this.inserted.get(id);
    if (insertedRecord !== undefined) {
      return insertedRecord;
    }

    const index = this.generatedIndex(id);
    if (index === undefined) {
      return undefined;
    }

    return { ...this.definition.generate(index, id), ...this.changes.get(index) };
  }

  /** Returns the generated index of a present generated row, or undefined. */
  private generatedIndex(id: string): number | undefined {
    if (!/^\d+$/.test(id)) {
      return undefined;
    }

    const index = Number(id) - this.definition.firstId;
    return this.order.isGeneratedPresent(index) ? index : undefined;
  }

  private requireGeneratedIndex(id: string): number {
    const index = this.generatedIndex(id);

    if (index === undefined) {
      throw new Error(`${this.definition.kind} ${JSON.stringify(id)} not found: it was never created or is deleted`);
    }

    return index;
  }

  private formattedNow(): string {
    return formatNaiveLocal(this.clock.now(), this.timeZone);
  }
}

function validateWindow(offset: number, limit: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new RangeError(`Invalid offset ${offset}: expected a whole number of at least 0`);
  }
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new RangeError(`Invalid limit ${limit}: expected a whole number of at least 0`);
  }
}
