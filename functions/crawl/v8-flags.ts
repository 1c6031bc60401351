/**
 * V8 flags for every process that crawls: the CLI (its shebang and `npm start`) and the crawl
 * and render Lambdas (through NODE_OPTIONS).
 *
 * A crawler holds each in-flight page (its bytes, text and reading state) until its turn on the
 * CPU comes round: about 80 ms with 32 pages in flight. With V8's default 16 MB semi-spaces, the
 * young generation was collected every 50–60 ms at a crawler's allocation rate, so many pages
 * survived two scavenges, were promoted, and waited in the old generation (and their bytes
 * outside the heap) for a major collection. 32 MB semi-spaces let them die young: peak RSS
 * 250–290 → 197–211 MB at the same or lower CPU per page (docs/benchmarks.md). Node's own docs
 * suggest this flag for allocation-heavy throughput work.
 */
export const CRAWLER_V8_FLAGS = ["--max-semi-space-size=32"] as const;
