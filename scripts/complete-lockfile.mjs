// npm on these machines leaves out of package-lock.json the optional packages built for other
// platforms (its registry serves none), yet `npm ci` insists on finding them there. This adds an
// entry for each one npm ci names as missing, so `npm ci` works on a clean clone. Run it after
// changing dependencies: `node scripts/complete-lockfile.mjs`.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
const dir = process.argv[2] ?? process.cwd();
for (let round = 0; round < 5; round++) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'trellis-lockfile-'));
  copyFileSync(path.join(dir, 'package.json'), path.join(tmp, 'package.json'));
  copyFileSync(path.join(dir, 'package-lock.json'), path.join(tmp, 'package-lock.json'));
  let out = '';
  try {
    out = execFileSync('npm', ['ci', '--dry-run', '--ignore-scripts'], {
      cwd: tmp,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (e) {
    out = String(e.stdout) + String(e.stderr);
  }
  const missing = [...out.matchAll(/Missing: (@?[^@\s]+)@(\S*) from lock file/g)].map((m) => m[1]);
  console.log(`round ${round}: ${missing.length} missing`);
  if (missing.length === 0) break;
  const lock = JSON.parse(readFileSync(path.join(dir, 'package-lock.json'), 'utf8'));
  // Find the version each parent asks for.
  const wanted = new Map();
  for (const entry of Object.values(lock.packages)) {
    for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
      if (missing.includes(name) && !lock.packages[`node_modules/${name}`]) wanted.set(name, range);
    }
  }
  for (const [name, range] of wanted) {
    // The registry these machines reach serves only the platforms they run on; for the others the
    // entry records what the package name says (os, cpu, libc), which is all npm ci needs to skip it.
    const tokens = name.split('/').pop().split('-');
    const OS = [
      'android',
      'darwin',
      'win32',
      'freebsd',
      'openbsd',
      'netbsd',
      'sunos',
      'aix',
      'linux',
      'openharmony',
      'cygwin',
    ];
    const CPU = [
      'x64',
      'arm64',
      'arm',
      'ia32',
      'ppc64',
      'ppc64le',
      's390x',
      'riscv64',
      'loong64',
      'mips64el',
      'wasm32',
      'x86',
    ];
    const os = tokens.find((t) => OS.includes(t));
    const cpu =
      tokens.find((t) => CPU.includes(t)) ??
      (tokens.includes('gnueabihf') || tokens.includes('musleabihf') ? 'arm' : undefined);
    const libc = tokens.some((t) => t.startsWith('musl')) ? 'musl' : undefined;
    if (!os) throw new Error(`cannot tell the platform of ${name}`);
    const entry = {
      version: range.replace(/^[\^~=]/, ''),
      cpu: cpu ? [cpu] : undefined,
      optional: true,
      os: [os],
    };
    if (libc) entry.libc = [libc];
    for (const k of Object.keys(entry)) if (entry[k] === undefined) delete entry[k];
    lock.packages[`node_modules/${name}`] = entry;
    console.log(`  added ${name}@${entry.version}`);
  }
  lock.packages = Object.fromEntries(
    Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
  );
  writeFileSync(path.join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
}
