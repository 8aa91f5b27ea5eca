/** The parts of a resource instance address. @public */
export interface AddressParts {
  /** Module steps from the root, each with an optional key. */
  modules: { name: string; key?: string | number }[];
  /** `managed` or `data`. */
  mode: 'managed' | 'data';
  /** Resource type. */
  type: string;
  /** Resource name. */
  name: string;
  /** Instance key. */
  key?: string | number;
}

/** Parses a resource address. @public */
export function parseAddress(address: string): AddressParts {
  void address;
  throw new Error('not implemented');
}

/** Formats address parts as Terraform writes them. @public */
export function formatAddress(parts: AddressParts): string {
  void parts;
  throw new Error('not implemented');
}
