/**
 * What a pack is: the knowledge tfdrift needs about one Terraform provider's state, as data
 * plus a few small functions. The diff engine and the scan know no resource type; they apply
 * the packs they are given.
 */
import type { RuleSet, TypeRules } from '../diff/types.js';

/** Attributes of a resource instance, as state or a live read holds them. @public */
export type PackAttributes = Record<string, unknown>;

/**
 * A named comparison a rule asks for with `compare: { "/policy": "iam-policy" }`. Two values
 * are equal when their canonical forms are; the function is also used to hash set elements,
 * so it must be deterministic and must not throw (return the text unchanged when it cannot
 * read it).
 * @public
 */
export interface Comparator {
  /** The canonical form of one value's text. */
  canonical: (text: string) => string;
  /**
   * The value is a JSON document: an already-parsed document is serialized canonically
   * first, and the engine's other leaf rules (case, trailing dot) do not apply.
   */
  document?: boolean;
  /** Numbers and booleans are compared through their text too (`6` ≡ `"tcp"`). */
  scalars?: boolean;
}

/**
 * A map attribute the provider derives from others and that holds them all plus what it adds,
 * such as AWS `tags_all` (`tags` plus the provider's default tags) or Google
 * `effective_labels`. When both sides have it, it is compared and its `parts` are left out,
 * so a tag shows as drift once.
 * @public
 */
export interface DerivedMap {
  /** The derived map attribute, e.g. `tags_all`. */
  attribute: string;
  /** The attributes it includes, the configured one first, e.g. `["tags"]`. */
  parts: string[];
  /**
   * When the live side lacks `attribute`: `use-first-part` compares the live side's first
   * part as the derived map (a reader that returns only `tags`); `compare-first-part`
   * compares the first part alone and leaves the derived maps out.
   */
  whenLiveLacks: 'use-first-part' | 'compare-first-part';
}

/**
 * Splits the elements of a shared set into atoms and takes atoms out, for elements that
 * bundle several owned things (an inline security group rule lists several sources, while a
 * separate rule resource owns one). `parentId` is the parent's `id`, for atoms that refer
 * to the parent itself.
 * @public
 */
export interface AtomCodec {
  /** Whether `element` holds at least one atom in `owned`. */
  holds: (element: PackAttributes, owned: ReadonlySet<string>, parentId?: string) => boolean;
  /** `element` with only the atoms `keep` accepts (as it is when all are kept), or `null` when none is left. */
  filter: (
    element: PackAttributes,
    keep: (atom: string) => boolean,
    parentId?: string,
  ) => PackAttributes | null;
  /** A canonical key of an element: equal for elements the diff finds equal. */
  key: (element: PackAttributes, parentId?: string) => string;
  /** The key of an element without its atoms (what the atoms of one element share). */
  shapeKey: (element: PackAttributes) => string;
  /** `into` with the atoms of `from` added. */
  merge: (into: PackAttributes, from: PackAttributes) => PackAttributes;
}

/**
 * How an attribute of a parent type is shared with separate resources:
 * - `whole`: one separate resource configures the whole attribute;
 * - `values`: a set of scalars, each value owned on its own (`key` defaults to the string);
 * - `elements`: a set of objects, each element owned on its own, matched by `key`;
 * - `atoms`: a set of objects owned in parts, split by `atoms`.
 * @public
 */
export type SharedAttribute =
  | { shape: 'whole' }
  | { shape: 'values' | 'elements'; key?: (element: unknown) => string | null }
  | { shape: 'atoms'; atoms: AtomCodec };

/** A parent type whose attributes separate resources may own parts of. @public */
export interface OwnedParent {
  /** The parent attributes an owner's reference may hold (`["id", "name"]`). */
  identity: string[];
  /** The shared attributes, by name. */
  shared: Record<string, SharedAttribute>;
}

/** What one separate resource claims on its parent. @public */
export interface Claim {
  /** The parent attribute. */
  attribute: string;
  /** The keys it owns in that attribute (see {@link SharedAttribute}); absent to own it whole. */
  keys?: string[];
}

/**
 * One ownership relation: a separate resource type that owns parts of parent resources, e.g.
 * a rule resource that owns one rule of a firewall's inline rule list. The parent's live
 * side then takes the state's value for the owned parts, and only the separate resource
 * reports them.
 * @public
 */
export interface OwnershipRelation {
  /** The separate (owner) resource type. */
  owner: string;
  /** The parent types it attaches to (each declared in {@link PackOwnership.parents}). */
  parents: string[];
  /** The owner attribute naming the parent(s): a string or a list of strings. */
  parentRef: string;
  /** What the owner claims, from its state attributes. */
  claims: (owner: PackAttributes) => Claim[];
}

/** The ownership knowledge of a pack. @public */
export interface PackOwnership {
  /** Parent types, by type name. */
  parents?: Record<string, OwnedParent>;
  /** Relations, one per owner type. */
  relations?: OwnershipRelation[];
}

/**
 * Rule removals: for a type key (a type, `prefix_*` or `*`), `true` drops its entry, or a
 * {@link TypeRules} object drops the listed globs (lists) and keys (records) from it.
 * @public
 */
export type RuleRemovals = Record<string, true | TypeRules>;

/**
 * Built-in (or earlier packs') entries a pack switches off. Removal applies to everything
 * resolved before the pack; the pack's own entries are added after.
 * @public
 */
export interface PackRemovals {
  /** Whole packs, by `source`. */
  packs?: string[];
  /** Rule entries or single globs. */
  rules?: RuleRemovals;
  /** Comparators, by name. */
  comparators?: string[];
  /** Derived maps, by attribute (`tags_all`, `effective_labels`). */
  derivedMaps?: string[];
  /** Ownership relations, by owner type. */
  relations?: string[];
  /** Ownership parents, by type (their relations stop applying too). */
  parents?: string[];
  /** Schema secrets, by type. Secrets the state marks stay secret. */
  secrets?: string[];
  /** Delete commands, by type. */
  deleteCommands?: string[];
}

/**
 * The command that deletes a live object of one type, e.g. `aws ec2 terminate-instances`
 * with `--instance-ids`. The object's id (after `idPrefix`) is appended as one quoted shell
 * word, and its location after `locationFlag` when the object has one.
 * @public
 */
export interface DeleteCommand {
  /** The command, e.g. `aws ec2 terminate-instances`. */
  command: string;
  /** The flag that takes the id, e.g. `--instance-ids`; none when the id is positional. */
  idFlag?: string;
  /** Put before the id, e.g. `s3://` for `aws s3 rb`. */
  idPrefix?: string;
  /** The flag that takes the object's location (region), e.g. `--region`. */
  locationFlag?: string;
}

/**
 * A pack: what tfdrift knows about the state of one Terraform provider (`hashicorp/aws`).
 * Build one with {@link definePack}; pass packs to `detectDrift({ packs })` or on a
 * provider's `packs`. Later packs add to and override earlier ones.
 * @public
 */
export interface Pack {
  /** The Terraform provider source the pack is about (`hashicorp/aws`, `acme/widgets`). */
  source: string;
  /**
   * Normalization rules by type. Keys are types, `prefix_*` globs or `*`; a rule's
   * `compare` names a comparator of this or any other resolved pack.
   */
  rules?: RuleSet;
  /** Named comparators rules may use. A name an earlier pack used is replaced. */
  comparators?: Record<string, Comparator>;
  /** Derived map attributes (`tags_all`). */
  derivedMaps?: DerivedMap[];
  /** Which resources own parts of which others. */
  ownership?: PackOwnership;
  /**
   * Attributes that hold secrets by schema, by type: JSON Pointer globs (`*` = any element or
   * key). Redacted even when the state does not mark them sensitive.
   */
  secrets?: Record<string, readonly string[]>;
  /**
   * How to delete an unmanaged object of a type with the provider's own CLI, by type: used
   * when a remediation policy asks for `delete`. Types without one get advice, no command.
   */
  deleteCommands?: Record<string, DeleteCommand>;
  /** Entries of earlier packs (the built-in ones first) to switch off. */
  remove?: PackRemovals;
}
