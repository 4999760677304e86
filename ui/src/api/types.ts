// Shapes from docs/api.md. Fields the server may omit are optional.

export type ContactStatus = 'new' | 'contacted' | 'qualified' | 'nurturing' | 'client' | 'inactive';
export const CONTACT_STATUSES: ContactStatus[] = ['new', 'contacted', 'qualified', 'nurturing', 'client', 'inactive'];

export interface User {
  _id: string;
  email: string;
  name?: string;
  role?: Role | string;
}

export type Role = 'admin' | 'agent';
export const ROLES: Role[] = ['agent', 'admin'];

/** A member of the team as GET /api/crm/users lists them (deactivated users stay listed). */
export interface TeamUser {
  _id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: string;
}

export interface Interests {
  buying?: boolean;
  selling?: boolean;
  propertyTypes?: string[];
  locations?: string[];
  priceRange?: { min?: number | null; max?: number | null };
  timeframe?: string;
}

export interface Preferences {
  smsOptIn?: boolean;
  emailOptIn?: boolean;
  callOptIn?: boolean;
  preferredContactMethod?: string;
}

export interface Contact {
  _id: string;
  firstName: string;
  lastName: string;
  email?: string;
  phone: string;
  address?: { street?: string; city?: string; state?: string; zip?: string };
  source?: string;
  status?: ContactStatus | string;
  tags?: string[];
  interests?: Interests;
  preferences?: Preferences;
  consent?: { marketingConsent?: boolean; tcpaConsent?: boolean; consentDate?: string; consentIp?: string };
  notes?: string;
  lastContactDate?: string;
  lastContactMethod?: string;
  assignedAgent?: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface Pagination {
  total: number;
  limit: number;
  skip: number;
  hasMore: boolean;
}

export type MessageStatus =
  | 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'received'
  | 'receiving' | 'accepted' | 'scheduled' | 'read' | 'partially_delivered' | 'canceled' | string;

export interface SMSMessage {
  _id: string;
  twilioMessageSid?: string;
  from: string;
  to: string;
  body: string;
  mediaUrls?: string[];
  direction: 'inbound' | 'outbound';
  status: MessageStatus;
  contactId?: string | null;
  threadId?: string;
  numSegments?: number | string;
  errorCode?: number | string | null;
  errorMessage?: string | null;
  twilioCreatedAt?: string | null;
  deliveredAt?: string | null;
  createdAt: string;
}

export type OptInStatus = 'opted_in' | 'opted_out' | 'none';

/** An inbound text that reads as a request to stop texting (not a STOP keyword), until an agent resolves it. */
export interface PossibleOptOut {
  messageSid: string;
  text: string;
  /** The words that made it read so. */
  phrase: string;
  flaggedAt: string;
}

export interface Conversation {
  phoneNumber: string;
  threadId?: string;
  contact: Pick<Contact, '_id' | 'firstName' | 'lastName' | 'phone' | 'preferences'> | null;
  lastMessage?: { body: string; direction: 'inbound' | 'outbound'; status: MessageStatus; createdAt: string } | null;
  unreadCount: number;
  messageCount?: number;
  optInStatus: OptInStatus;
  possibleOptOut?: PossibleOptOut | null;
}

export interface SegmentInfo {
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  characters: number;
  unitsPerSegment?: number;
  remainingInSegment?: number;
  smartEncoded?: { body: string; encoding: 'GSM-7' | 'UCS-2'; segments: number } | null;
}

export interface Change {
  kind: string;
  phoneNumber?: string;
  contactId?: string;
  messageId?: string;
}
