import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Gives back the memory that start-up leaves behind. Loading modules, migrating and seeding keep
 * many objects alive across young-generation collections, so V8 grows the young generation to its
 * maximum (tens of MB) and, with nothing allocating afterwards, never shrinks it: an idle server
 * would hold that memory for good. One memory-reducing full collection before the server starts
 * listening returns it; under load the young generation grows again as V8 sees fit, so throughput
 * is unchanged (docs/BENCHMARKS.md). Takes a few tens of milliseconds, once.
 */
export function releaseStartUpMemory(): void {
  // V8's `gc` extension, reached without exposing `gc` to the application's own global scope.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as ((options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void) | undefined;
  v8.setFlagsFromString('--no-expose-gc');
  gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}
