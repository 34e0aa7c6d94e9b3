import type { ClusterType, Size, Usage, UsageReport } from '@batteries-included/batteries';

export interface User {
  id: string;
  email: string;
  passwordHash: string;
  confirmedAt?: Date;
  createdAt: Date;
}

export type TokenContext = 'confirm' | 'reset';

export interface Session {
  userId: string;
  email: string;
  /** The team the session is working in, if it still belongs to it. */
  teamId?: string;
  expiresAt: Date;
}

export interface TeamMembership {
  teamId: string;
  name: string;
  isAdmin: boolean;
}

export interface TeamMember {
  userId: string;
  email: string;
  isAdmin: boolean;
}

export interface Invitation {
  id: string;
  teamId: string;
  teamName: string;
  email: string;
  isAdmin: boolean;
  createdAt: Date;
}

export interface NewInstallation {
  /** A random v4 UUID the caller chose (its sealed key is bound to it). @default a new one */
  id?: string;
  teamId: string;
  slug: string;
  provider: ClusterType;
  usage: Usage;
  defaultSize: Size;
  /** Battery types in install order, dependencies included. */
  batteries: string[];
  publicJwk: Record<string, unknown>;
  /** The installation's private JWK, sealed (see SecretBox). */
  privateJwkSealed: string;
  createdBy: string;
}

export interface Installation extends Omit<NewInstallation, 'id' | 'privateJwkSealed' | 'createdBy'> {
  id: string;
  /** Gone once the installation has reported: the spec carrying it is no longer served. */
  privateJwkSealed?: string;
  createdAt: Date;
  firstReportAt?: Date;
}

export interface StoredReport {
  jti: string;
  issuedAt: Date;
  receivedAt: Date;
  report: UsageReport;
}

export interface SigningKeyRow {
  kid: string;
  publicJwk: Record<string, unknown>;
  privateJwkSealed: string;
  createdAt: Date;
}

export interface OutboxMail {
  id: number;
  to: string;
  subject: string;
  body: string;
  createdAt: Date;
  sentAt?: Date;
  error?: string;
}
