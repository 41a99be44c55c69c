// Runs async tasks one at a time, in call order. Password checks go through one of these so
// that the throttle's check-verify-record is atomic: without it, a burst of parallel guesses
// would all pass the check before the first failure was counted.
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // the next task waits for this one whether it succeeded or not
    this.tail = result.catch(() => undefined);
    return result;
  }
}
