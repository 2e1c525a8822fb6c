import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureProvenance, NOT_INSTALLED, provenanceToResourceAttributes, resolveGitSha, utcNowIso } from '@tokentrail/experiment';
import type { ProvenanceMetadata } from '@tokentrail/experiment';

const repoRoot = new URL('../../../', import.meta.url).pathname;
const outside = mkdtempSync(join(tmpdir(), 'tokentrail-prov-'));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

describe('captureProvenance', () => {
  it('captures time, host, platform, runtime, package versions and the git sha', () => {
    const p = captureProvenance(['@opentelemetry/api', 'zod', 'surely-not-a-real-package-xyz'], { cwd: repoRoot, extra: { dataset: 'v3' } });
    expect(p.captured_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(p.host).toBe(hostname());
    expect(p.runtime_name).toBe('nodejs');
    expect(p.runtime_version).toBe(process.versions.node);
    expect(p.platform.length).toBeGreaterThan(0);
    const apiVersion = (JSON.parse(readFileSync(join(repoRoot, 'node_modules/@opentelemetry/api/package.json'), 'utf8')) as { version: string }).version;
    expect(p.package_versions).toEqual({
      '@opentelemetry/api': apiVersion,
      zod: expect.stringMatching(/^4\./),
      'surely-not-a-real-package-xyz': NOT_INSTALLED,
    });
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    expect(p.git_sha).toBe(head);
    expect(p.extra).toEqual({ dataset: 'v3' });
  });

  it('gives null for the git sha outside a checkout and never throws', () => {
    expect(resolveGitSha(outside)).toBeNull();
    expect(resolveGitSha(join(outside, 'does-not-exist'))).toBeNull();
    const p = captureProvenance(['zod'], { cwd: outside });
    expect(p.git_sha).toBeNull();
    expect(p.package_versions).toEqual({ zod: NOT_INSTALLED });
  });

  it('formats utc_now_iso like Python: whole seconds, +00:00', () => {
    expect(utcNowIso(new Date('2025-01-31T12:00:00.750Z'))).toBe('2025-01-31T12:00:00+00:00');
  });
});

describe('provenanceToResourceAttributes', () => {
  const p: ProvenanceMetadata = {
    captured_at: '2025-01-31T12:00:00+00:00',
    host: 'box-1',
    platform: 'Linux-6.8.0-x86_64',
    runtime_name: 'nodejs',
    runtime_version: '20.20.2',
    package_versions: { zod: '4.1.0', openai: NOT_INSTALLED },
    git_sha: 'abc123',
    extra: { dataset: 'café' },
  };

  it('maps onto OTel resource names and tokentrail.experiment.*', () => {
    expect(provenanceToResourceAttributes(p, { serviceVersion: '1.4.0' })).toEqual({
      'host.name': 'box-1',
      'process.runtime.name': 'nodejs',
      'process.runtime.version': '20.20.2',
      'vcs.ref.head.revision': 'abc123',
      'service.version': '1.4.0',
      'tokentrail.experiment.captured_at': '2025-01-31T12:00:00+00:00',
      'tokentrail.experiment.platform': 'Linux-6.8.0-x86_64',
      'tokentrail.experiment.package_versions': '{"openai":"not-installed","zod":"4.1.0"}',
      'tokentrail.experiment.extra': '{"dataset":"caf\\u00e9"}',
    });
  });

  it('leaves out the revision, service version and extra when absent', () => {
    const attrs = provenanceToResourceAttributes({ ...p, git_sha: null, extra: {} });
    expect(attrs).not.toHaveProperty('vcs.ref.head.revision');
    expect(attrs).not.toHaveProperty('service.version');
    expect(attrs).not.toHaveProperty('tokentrail.experiment.extra');
  });

  it('skips an extra that cannot be serialised instead of throwing', () => {
    const extra: Record<string, unknown> = {};
    extra.self = extra;
    const attrs = provenanceToResourceAttributes({ ...p, extra });
    expect(attrs).not.toHaveProperty('tokentrail.experiment.extra');
    expect(attrs['host.name']).toBe('box-1');
  });
});
