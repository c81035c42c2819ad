/**
 * Voids every access token of a user issued up to an instant, on every service within seconds
 * (docs/api.md, authentication): what a role, tier or account change and logout-everywhere need.
 * It fails with SERVICE_UNAVAILABLE when it cannot be recorded, so the change can roll back.
 */
export interface AccessTokenRevocations {
  revokeIssuedUntil(userId: string, at: Date): Promise<void>;
}
