/**
 * Change events: what a feed of cloud API calls (CloudTrail, an audit log, anything) tells
 * continuous detection, so that it re-reads only the resources an event touched.
 */

/** Who made a change. @public */
export interface ChangeActor {
  /** The principal, e.g. an IAM role or user ARN, or an e-mail address. */
  principal: string;
  /** The caller's source IP address, when known. */
  sourceIp?: string;
  /** The caller's user agent (the tool used), when known. */
  userAgent?: string;
}

/**
 * A resource a change event names. Any one field may identify it: a Terraform address, a
 * type with an id, or an ARN.
 * @public
 */
export interface ChangeEventResource {
  /** Terraform address, when the feed knows it. */
  address?: string;
  /** Terraform resource type, e.g. `aws_s3_bucket`. */
  type?: string;
  /** The resource's id as Terraform stores it. */
  id?: string;
  /** The resource's ARN. */
  arn?: string;
}

/**
 * One change made to live infrastructure, from any feed.
 * @public
 */
export interface ChangeEvent {
  /** When the change happened (a `Date` or an ISO 8601 string). */
  at: Date | string;
  /** The resources it touched. */
  resources: ChangeEventResource[];
  /** Who made it. */
  actor?: ChangeActor;
  /** The API call or event name, e.g. `PutBucketTagging`. */
  name?: string;
  /**
   * Called once the resources the event touched were re-checked. Sources that need an
   * acknowledgement (an SQS message to delete) do it here, so an event is never lost.
   */
  ack?: () => Promise<void>;
}

/** A feed of change events. @public */
export type ChangeSource = AsyncIterable<ChangeEvent>;
