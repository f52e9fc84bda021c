import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { generateSigningKey, importSigningKey, type Ed25519PublicJwk, type SigningKey } from '@vigil/contracts';
import { DataSource } from 'typeorm';
import { SigningKeyRow } from './signing-key.entity';

/** Arbitrary constant: serializes first-start key creation across replicas. */
const KEY_CREATION_LOCK = 0x5649_4733;

/**
 * The Ed25519 key that signs bundles (and, with issue 4, every pushed event). It lives in
 * the database, not in a replica's data folder: every replica must sign with the same key
 * that agents pin, and the database is already the one thing they share. It is created on
 * first start under an advisory lock, so two replicas starting together agree on one key.
 * (Anyone who can write the database can already change what gets published, so keeping
 * the key beside the policies does not widen that trust.)
 */
@Injectable()
export class SigningKeysService implements OnApplicationBootstrap {
  private active: SigningKey | null = null;

  constructor(private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.signingKey();
  }

  /** The active key, created on first use. */
  async signingKey(): Promise<SigningKey> {
    if (this.active) return this.active;
    const row = await this.dataSource.transaction(async (em) => {
      const existing = await em.findOneBy(SigningKeyRow, { active: true });
      if (existing) return existing;
      await em.query('SELECT pg_advisory_xact_lock($1)', [KEY_CREATION_LOCK]);
      const again = await em.findOneBy(SigningKeyRow, { active: true });
      if (again) return again;
      const { privateJwk, publicJwk } = generateSigningKey();
      const created = em.create(SigningKeyRow, { kid: publicJwk.kid!, privateJwk, publicJwk, active: true, createdAt: new Date() });
      await em.insert(SigningKeyRow, created);
      return created;
    });
    this.active = importSigningKey(row.privateJwk);
    return this.active;
  }

  /** Every published public key (the active one and any kept for a rotation), as a JWKS. */
  async publicKeys(): Promise<{ keys: Ed25519PublicJwk[] }> {
    const rows = await this.dataSource.getRepository(SigningKeyRow).find({ order: { createdAt: 'DESC' } });
    return { keys: rows.map((r) => r.publicJwk) };
  }
}
