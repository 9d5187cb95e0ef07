// Used by test/db/lock.test.ts: waits until an agreed instant, then tries to lock a data folder
// and prints "got" or "refused", holding a lock it got for a while so the others see it alive.
import { lockDataFolder } from '../../db/lock';

const [dir, at] = process.argv.slice(2);
while (Date.now() < Number(at)) {
  // spin: the processes must try within the same millisecond or two
}
try {
  const lock = lockDataFolder(dir!);
  process.stdout.write('got');
  setTimeout(() => lock.release(), 1500);
} catch {
  process.stdout.write('refused');
}
