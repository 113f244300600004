// What an experiment records: the client's requests, the hosts' address events and the markers the driver
// sets. All times `t` are epoch milliseconds on one clock (the admin machine's; host events are corrected by
// each host's measured clock offset, src/experiment/clock.ts).

/** One HTTP GET to the VIP over a fresh connection. */
export interface ProbeSample {
  /** epoch ms when the request was sent */
  t: number;
  /** duration of the request in ms */
  ms: number;
  ok: boolean;
  /** which node answered (body of /host.txt or similar) */
  host?: string;
  error?: string;
}

/** An address change seen by `ip -ts monitor address` on one host (only the VIP's events). */
export interface AddressEvent {
  /** epoch ms, corrected by the host's clock offset */
  t: number;
  host: string;
  kind: 'add' | 'del';
  /** the address, with or without a /prefix */
  address: string;
}

/** 'inject' (timestamped on the master), 'restore', 'settled', 'failback-settled', or anything else worth showing. */
export interface Marker {
  t: number;
  label: string;
}

/** Everything one experiment recorded, each list sorted by time. */
export interface Recording {
  probes: ProbeSample[];
  events: AddressEvent[];
  markers: Marker[];
}
