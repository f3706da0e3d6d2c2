/**
 * The one kind of mutable state in the lab: an explicit store object holding a value, replaced
 * (never mutated) by `set`, with subscribers. Views receive stores as props; nothing lives in
 * module-level variables.
 */
export class Store<T> {
  #value: T;
  readonly #listeners = new Set<(value: T) => void>();

  constructor(initial: T) {
    this.#value = initial;
  }

  get value(): T {
    return this.#value;
  }

  /** Replaces the value (or maps the current one to the next) and notifies subscribers. */
  set(next: T | ((current: T) => T)): void {
    const value = typeof next === 'function' ? (next as (current: T) => T)(this.#value) : next;
    if (Object.is(value, this.#value)) return;
    this.#value = value;
    for (const l of [...this.#listeners]) l(value);
  }

  /** Merges fields into an object value. */
  patch(fields: Partial<T>): void {
    this.set((v) => ({ ...v, ...fields }));
  }

  subscribe(listener: (value: T) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }
}
