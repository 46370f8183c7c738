import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, DEFAULT_POLICY_DOCUMENT, ZPolicyDocumentSchema } from './policy.ts';

describe('DEFAULT_POLICY_DOCUMENT', () => {
  it('is a valid policy document and DEFAULT_POLICY is its parameters', () => {
    expect(ZPolicyDocumentSchema.parse(DEFAULT_POLICY_DOCUMENT)).toEqual(DEFAULT_POLICY_DOCUMENT);
    expect(DEFAULT_POLICY).toBe(DEFAULT_POLICY_DOCUMENT.policy);
  });

  // Who is called first at every gate that never published its own policy depends on this
  // document: a change to it must come with a new version (update both pins together).
  it('pins its version to its content', () => {
    const digest = createHash('sha256').update(JSON.stringify(DEFAULT_POLICY_DOCUMENT.policy)).digest('hex').slice(0, 16);
    expect({ version: DEFAULT_POLICY_DOCUMENT.version, digest }).toEqual({ version: 1, digest: '5d3f9fde18738738' });
  });
});
