/**
 * Google label maps, compared like AWS `tags_all`: `effective_labels` holds every label on
 * the resource (configured, provider defaults, added outside Terraform), so a label added in
 * the console is drift there, as Terraform's refresh reports it.
 */
import { describe, expect, it } from 'vitest';
import { diffResource } from '../../src/diff/diff-resource.js';

const bucket = (labels: Record<string, string>, extra: Record<string, string> = {}) => ({
  name: 'assets',
  labels,
  terraform_labels: { ...labels, 'goog-terraform-provisioned': 'true' },
  effective_labels: { ...labels, 'goog-terraform-provisioned': 'true', ...extra },
});

const options = { type: 'google_storage_bucket', address: 'google_storage_bucket.assets' };

describe('Google labels through effective_labels', () => {
  it('reports a label added outside Terraform', () => {
    const { patch } = diffResource(
      bucket({ team: 'web' }),
      bucket({ team: 'web' }, { owner: 'console' }),
      options,
    );
    expect(patch).toEqual([{ op: 'add', path: '/effective_labels/owner', value: 'console' }]);
  });

  it('reports a changed label once, on effective_labels', () => {
    const { patch } = diffResource(bucket({ team: 'web' }), bucket({ team: 'data' }), options);
    expect(patch).toEqual([{ op: 'replace', path: '/effective_labels/team', value: 'data' }]);
  });

  it('is in sync when only the provider-added labels are there', () => {
    expect(diffResource(bucket({ team: 'web' }), bucket({ team: 'web' }), options).patch).toEqual(
      [],
    );
  });

  it('compares the configured labels when the live side has no effective_labels', () => {
    const state = bucket({ team: 'web' });
    expect(diffResource(state, { name: 'assets', labels: { team: 'web' } }, options).patch).toEqual(
      [],
    );
    expect(
      diffResource(state, { name: 'assets', labels: { team: 'data' } }, options).patch,
    ).toEqual([{ op: 'replace', path: '/labels/team', value: 'data' }]);
  });

  it('keeps comparing google_compute_instance network tags (not a label map)', () => {
    const vm = (tags: string[]) => ({ ...bucket({ env: 'prod' }), tags });
    const { patch } = diffResource(vm(['web']), vm(['web', 'ssh']), {
      type: 'google_compute_instance',
      address: 'google_compute_instance.vm',
    });
    expect(patch).toEqual([{ op: 'add', path: '/tags/-', value: 'ssh' }]);
  });
});
