// The bench's emulator in its own process, as a remote API would be: its CPU is not the client's.
// Prints its URL on the first stdout line; `GET /__calls` answers how many calls it logged.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '../test/support/live-emulator.js';
import { benchWorld } from './live-world.js';

const emulator = await startEmulator(benchWorld());
emulator.delayMs = Number(process.argv[2] ?? 50);
const control = createServer((_req, res) => { res.end(String(emulator.log.length)); });
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
process.stdout.write(`${emulator.url} http://127.0.0.1:${(control.address() as AddressInfo).port}\n`);
process.on('SIGTERM', () => { void emulator.close().then(() => { control.close(); process.exit(0); }); });
