import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { availableCores, availableMemory, defaultPoolSize, embeddedPostgresSettings } from './machine.ts';

const GiB = 1024 ** 3;

function cgroup(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'trellis-cgroup-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), `${text}\n`);
  }
  return root;
}

describe('the machine Trellis runs on', () => {
  it('takes a container memory limit below the host memory, and the host memory otherwise', () => {
    expect(availableMemory(cgroup({ 'memory.max': String(2 * GiB) }))).toBe(2 * GiB);
    expect(availableMemory(cgroup({ 'memory.max': 'max' }))).toBe(os.totalmem());
    expect(availableMemory(cgroup({ 'memory/memory.limit_in_bytes': String(GiB) }))).toBe(GiB);
    expect(availableMemory(cgroup({ 'memory/memory.limit_in_bytes': '9223372036854771712' }))).toBe(
      os.totalmem(),
    );
  });

  it('counts a CPU quota as cores, never more than the CPUs it may use', () => {
    const cpus = os.availableParallelism();
    expect(availableCores(cgroup({ 'cpu.max': '150000 100000' }))).toBe(Math.min(cpus, 2));
    expect(availableCores(cgroup({ 'cpu.max': 'max 100000' }))).toBe(cpus);
    expect(
      availableCores(cgroup({ 'cpu/cpu.cfs_quota_us': '50000', 'cpu/cpu.cfs_period_us': '100000' })),
    ).toBe(1);
    expect(availableCores(cgroup({}))).toBe(cpus);
  });

  it('sizes the embedded server to the memory and cores it is given', () => {
    const small = embeddedPostgresSettings({ memoryBytes: 2 * GiB, cores: 2 }, 200);
    expect(small.shared_buffers).toBe('512MB');
    expect(small.effective_cache_size).toBe('1024MB');
    expect(small.work_mem).toBe('4MB');
    expect(small.max_parallel_workers).toBe('2');
    const large = embeddedPostgresSettings({ memoryBytes: 64 * GiB, cores: 16 }, 200);
    expect(large.shared_buffers).toBe('8192MB');
    expect(large.work_mem).toBe('64MB');
    expect(large.max_parallel_workers_per_gather).toBe('4');
    expect(defaultPoolSize(2)).toBe(10);
    expect(defaultPoolSize(8)).toBe(32);
  });
});
