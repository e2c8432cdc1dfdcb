import { readFileSync } from 'node:fs';
import os from 'node:os';

/** What the machine Trellis runs on can give it: the memory and cores of its container, not the host. */
export interface MachineSize {
  memoryBytes: number;
  cores: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

function readNumber(file: string): number | null {
  try {
    const text = readFileSync(file, 'utf8').trim();
    const value = Number(text.split(/\s+/)[0]);
    return Number.isFinite(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

/**
 * The memory available to this process: a container's limit (cgroup v2 `memory.max`, or v1's
 * `memory.limit_in_bytes`) when it is lower than the host's memory, else the host's.
 */
export function availableMemory(cgroupRoot = '/sys/fs/cgroup'): number {
  const host = os.totalmem();
  const limits = [
    readNumber(`${cgroupRoot}/memory.max`),
    readNumber(`${cgroupRoot}/memory/memory.limit_in_bytes`),
  ];
  // v1 reports "no limit" as a number near 2^63; `max` (v2) does not parse as a number at all.
  const limit = limits.find((value): value is number => value !== null && value < host);
  return limit ?? host;
}

/**
 * The cores available to this process: the CPUs it may run on, reduced by a container's CPU quota
 * (cgroup v2 `cpu.max` "quota period", or v1's `cpu.cfs_quota_us` over `cpu.cfs_period_us`).
 */
export function availableCores(cgroupRoot = '/sys/fs/cgroup'): number {
  const cpus = os.availableParallelism();
  let quota: number | null = null;
  try {
    const [max, period] = readFileSync(`${cgroupRoot}/cpu.max`, 'utf8').trim().split(/\s+/);
    if (max !== 'max' && Number(period) > 0) quota = Number(max) / Number(period);
  } catch {
    const max = readNumber(`${cgroupRoot}/cpu/cpu.cfs_quota_us`);
    const period = readNumber(`${cgroupRoot}/cpu/cpu.cfs_period_us`);
    if (max && period) quota = max / period;
  }
  return Math.max(1, Math.min(cpus, quota ? Math.ceil(quota) : cpus));
}

export function machineSize(): MachineSize {
  return { memoryBytes: availableMemory(), cores: availableCores() };
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
const megabytes = (bytes: number) => `${Math.floor(bytes / MiB)}MB`;

/**
 * PostgreSQL settings for the embedded server, sized to the machine. Trellis shares the machine
 * with its database, so the server takes a quarter of memory for its buffers and counts on half
 * for the operating system's file cache; sorts and hashes get what is left spread over the
 * connections that may run them at once. Parallel query is sized to the cores.
 */
export function embeddedPostgresSettings(size: MachineSize, maxConnections: number): Record<string, string> {
  const { memoryBytes, cores } = size;
  return {
    max_connections: String(maxConnections),
    shared_buffers: megabytes(clamp(memoryBytes / 4, 128 * MiB, 8 * GiB)),
    effective_cache_size: megabytes(clamp(memoryBytes / 2, 256 * MiB, 32 * GiB)),
    work_mem: megabytes(clamp(memoryBytes / 4 / maxConnections, 4 * MiB, 64 * MiB)),
    maintenance_work_mem: megabytes(clamp(memoryBytes / 16, 64 * MiB, 1 * GiB)),
    // The data lives on the same (solid-state) disk as Trellis: random reads cost little more than sequential ones.
    random_page_cost: '1.1',
    effective_io_concurrency: '200',
    max_worker_processes: String(Math.max(8, cores)),
    max_parallel_workers: String(cores),
    max_parallel_workers_per_gather: String(Math.max(0, Math.min(4, Math.floor(cores / 2)))),
  };
}

/**
 * The connection pool for the machine: enough connections to keep every core busy while others wait
 * on the network or the disk, and not so many that they queue inside the database instead.
 */
export function defaultPoolSize(cores: number): number {
  return clamp(cores * 4, 10, 40);
}
