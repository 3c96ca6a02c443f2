import { Counter, Gauge, type Registry } from 'prom-client';

/** The figures the sources report; no-ops when the node runs without a registry. */
export interface SourceMetrics {
  loadFailed(source: string): void;
  setLocalIndexFiles(count: number): void;
  /** ffmpeg probes running and waiting for one of the node's probe slots. */
  setProbes(running: number, waiting: number): void;
  /** Playlist entries being fetched and waiting for one of the node's entry slots. */
  setEntryFetches(running: number, waiting: number): void;
}

const LOAD_FAILURES = 'gramophone_audio_load_failures_total';
const LOCAL_INDEX_FILES = 'gramophone_audio_local_index_files';
const PROBES = 'gramophone_audio_probes';
const ENTRY_FETCHES = 'gramophone_audio_playlist_entry_fetches';

/**
 * Registers the source metrics, reusing ones already on the registry: the server may register
 * the load-failure counter itself (it also counts failures it sees), and prom-client throws on
 * a second registration of the same name.
 */
export function createSourceMetrics(registry: Registry | undefined): SourceMetrics {
  if (!registry)
    return {
      loadFailed: () => {},
      setLocalIndexFiles: () => {},
      setProbes: () => {},
      setEntryFetches: () => {},
    };
  const failures =
    (registry.getSingleMetric(LOAD_FAILURES) as Counter<'source'> | undefined) ??
    new Counter({
      name: LOAD_FAILURES,
      help: 'Track loads that ended in an error, by source',
      labelNames: ['source'],
      registers: [registry],
    });
  const indexFiles =
    (registry.getSingleMetric(LOCAL_INDEX_FILES) as Gauge | undefined) ??
    new Gauge({
      name: LOCAL_INDEX_FILES,
      help: 'Audio files in the local folders index (localsearch)',
      registers: [registry],
    });
  const queueGauge = (name: string, help: string) => {
    const gauge =
      (registry.getSingleMetric(name) as Gauge<'state'> | undefined) ??
      new Gauge({ name, help, labelNames: ['state'], registers: [registry] });
    return (running: number, waiting: number) => {
      gauge.set({ state: 'running' }, running);
      gauge.set({ state: 'waiting' }, waiting);
    };
  };
  return {
    loadFailed: (source) => failures.inc({ source }),
    setLocalIndexFiles: (count) => indexFiles.set(count),
    setProbes: queueGauge(
      PROBES,
      'ffmpeg probes running, and waiting for a slot (AUDIO_MAX_CONCURRENT_PROBES)',
    ),
    setEntryFetches: queueGauge(ENTRY_FETCHES, 'Playlist entries being fetched, and waiting for a slot'),
  };
}
