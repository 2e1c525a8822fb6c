import { describe, expect, it } from 'vitest';
import { decideRoute, NO_BIDS_REASON, normalizeBids, scoreCandidates } from '../src/engine.js';
import { createManifest, scoreTaskMatch } from '../src/manifest.js';
import { bidScore, combinedScore, formatFixed2 } from '../src/scoring.js';
import { FIXED_NOW, forge, mace, quill, TEAM } from './fixtures.js';

const decide = (taskDescription: string, bids: ConstructorParameters<typeof Map<string, number>>[0] | Record<string, number>, manifests = TEAM) =>
  decideRoute({ manifests, taskId: 't-1', taskDescription, bids: Array.isArray(bids) ? new Map(bids) : (bids as Record<string, number>), now: FIXED_NOW });

describe('task-match score (worked examples)', () => {
  it('adds 0.3 per keyword, 0.2 per capability, 0.1 per related word', () => {
    const task = 'Fix the bug in the login function and write a short note';
    // forge: keyword "bug" 0.3 (no "refactor"); capabilities "code"/"debugging" absent;
    //        related words of "code": function 0.1, bug 0.1, fix 0.1 (no class/implement) → 0.3+0.1+0.1+0.1 = 0.6
    expect(scoreTaskMatch(forge, task)).toBe(0.6);
    // quill: no keyword; capability "write" 0.2; related words of "write" absent → 0.2
    expect(scoreTaskMatch(quill, task)).toBe(0.2);
    // mace: nothing matches → 0
    expect(scoreTaskMatch(mace, task)).toBe(0);
  });

  it('adds in the reference router order, so float sums match bit for bit', () => {
    // quill: readme 0.3 + draft 0.3 = 0.6; related of "write": document, draft, content, article → +0.4
    // computed as ((((0.3 + 0.3) + 0.1) + 0.1) + 0.1) + 0.1 = 0.9999999999999999 (not 1.0), as in Python
    expect(scoreTaskMatch(quill, 'Draft the README and document the content of every article')).toBe(0.9999999999999999);
  });

  it('caps the score at 1.0', () => {
    // mace: vulnerability 0.3 + firewall 0.3 + security 0.2 + vulnerability/threat/audit/scan 0.4 = 1.2 → 1.0
    expect(scoreTaskMatch(mace, 'Security audit: scan for a vulnerability and a threat behind the firewall')).toBe(1);
  });

  it('matches substrings case-insensitively and counts repeated declarations again', () => {
    const twice = createManifest({ agentId: 'x', agentName: 'X', capabilities: ['Code', 'code'], keywords: ['BUG'], rateSats: 1 });
    // "BUG" in "debugging" 0.3; "code" twice 0.2 + 0.2; related of "code" twice: bug 0.1 + 0.1 → 0.9
    expect(scoreTaskMatch(twice, 'debugging the codebase')).toBeCloseTo(0.9, 12);
  });

  it('gives related words only to the four exact capability keys', () => {
    const coding = createManifest({ agentId: 'c', agentName: 'C', capabilities: ['coding'], keywords: [], rateSats: 1 });
    // "coding" is not a key of the related-word table, so "function" and "fix" add nothing
    expect(scoreTaskMatch(coding, 'fix this function')).toBe(0);
  });

  it('scores every registered agent in registration order', () => {
    expect(Object.entries(scoreCandidates(TEAM, 'write a draft'))).toEqual([
      ['forge', 0],
      // quill: draft 0.3 + write 0.2 + related draft 0.1 = 0.6
      ['quill', 0.6],
      ['mace', 0],
    ]);
  });
});

describe('bid and combined scores', () => {
  it('normalises bids over 10–100 sats and clamps outside', () => {
    expect(bidScore(55)).toBe(0.5); // (100 - 55) / 90 = 45 / 90
    expect(bidScore(10)).toBe(1); // 90 / 90
    expect(bidScore(100)).toBe(0);
    expect(bidScore(5)).toBe(1); // 95 / 90 = 1.06 → clamped to 1
    expect(bidScore(-20)).toBe(1);
    expect(bidScore(150)).toBe(0); // -50 / 90 → clamped to 0
  });

  it('weights capability 0.6 and bid 0.4', () => {
    // 0.6 × 0.6 + 0.4 × (60 / 90) = 0.36 + 0.2667 = 0.6267
    expect(combinedScore(0.6, 40)).toBeCloseTo(0.62667, 5);
    // 0 × 0.6 + 0.4 × (80 / 90) = 0.3556
    expect(combinedScore(0, 20)).toBeCloseTo(0.35556, 5);
  });

  it('formats two decimals as Python does (exact halves to even)', () => {
    expect(['0.125', '0.375', '0.625', '0.875'].map((v) => formatFixed2(Number(v)))).toEqual(['0.12', '0.38', '0.62', '0.88']);
    expect(formatFixed2(0.005)).toBe('0.01'); // 0.005 is slightly above the half in binary
    expect(formatFixed2(1.005)).toBe('1.00'); // … and 1.005 slightly below
    expect(formatFixed2(0.9999999999999999)).toBe('1.00');
    expect(formatFixed2(0.7)).toBe('0.70');
  });
});

describe('decideRoute', () => {
  it('picks the best combined score and explains it', () => {
    const d = decide('Fix the bug in the login function and write a short note', [['forge', 40], ['quill', 30], ['mace', 80]]);
    // forge 0.6×0.6 + 0.4×(60/90) = 0.6267; quill 0.2×0.6 + 0.4×(70/90) = 0.4311; mace 0 + 0.4×(20/90) = 0.0889
    expect(d.selectedAgent).toBe('forge');
    expect(d.selectionReason).toBe('Selected forge with capability_score=0.60, bid=40 sats, combined=0.63');
    expect(d.candidateAgents).toEqual(['forge', 'quill', 'mace']);
    expect(d.capabilityScores).toEqual({ forge: 0.6, quill: 0.2, mace: 0 });
    expect(d.bidsReceived).toEqual({ forge: 40, quill: 30, mace: 80 });
    expect(d.combinedScores.forge).toBe(0.6266666666666667);
    expect(d.combinedScores.quill).toBe(0.4311111111111111);
    expect(d.combinedScores.mace).toBe(0.08888888888888889);
    expect(d.timestamp).toBe('2026-03-01T12:00:00.250000+00:00');
  });

  it('lets a cheap weak agent lose to a capable one', () => {
    const d = decide('Draft the README and document the content of every article', [['quill', 45], ['forge', 20]]);
    // quill 0.9999999999999999×0.6 + 0.4×(55/90) = 0.8444; forge 0 + 0.4×(80/90) = 0.3556
    expect(d.selectionReason).toBe('Selected quill with capability_score=1.00, bid=45 sats, combined=0.84');
  });

  it('breaks ties by bid order (the first maximum wins)', () => {
    const twin = createManifest({ ...forge, agentId: 'forge-2' });
    const first = decide('fix the bug', [['forge-2', 50], ['forge', 50]], [forge, twin]);
    const second = decide('fix the bug', [['forge', 50], ['forge-2', 50]], [forge, twin]);
    expect(first.combinedScores.forge).toBe(first.combinedScores['forge-2']);
    expect(first.selectedAgent).toBe('forge-2');
    expect(second.selectedAgent).toBe('forge');
  });

  it('clamps bids outside 10–100 sats, so 5 sats ties with 10 and 150 scores like 100', () => {
    // bid 5 → 1 (clamped), bid 10 → 1: both combine to 0 × 0.6 + 1 × 0.4 = 0.4; the first bidder wins
    const low = decide('anything', [['forge', 5], ['quill', 10]]);
    expect(low.combinedScores).toEqual({ forge: 0.4, quill: 0.4 });
    expect(low.selectionReason).toBe('Selected forge with capability_score=0.00, bid=5 sats, combined=0.40');
    // bid 150 → 0; bid -20 → 1 → 0.4
    const high = decide('anything', [['forge', 150], ['quill', -20]]);
    expect(high.combinedScores).toEqual({ forge: 0, quill: 0.4 });
    expect(high.selectionReason).toBe('Selected quill with capability_score=0.00, bid=-20 sats, combined=0.40');
  });

  it('selects nobody without bids', () => {
    const d = decide('Fix the bug', {});
    expect(d.selectedAgent).toBeNull();
    expect(d.selectionReason).toBe(NO_BIDS_REASON);
    expect(NO_BIDS_REASON).toBe('No bids received');
    expect(d.candidateAgents).toEqual([]);
    expect(d.bidsReceived).toEqual({});
    // every registered agent is still scored: forge bug 0.3 + related bug 0.1 + fix 0.1 = 0.5
    expect(d.capabilityScores).toEqual({ forge: 0.5, quill: 0, mace: 0 });
  });

  it('routes by price alone when no manifest is registered', () => {
    const d = decide('Fix it', [['x', 60], ['y', 20]], []);
    // x: 0.4 × (40/90) = 0.1778; y: 0.4 × (80/90) = 0.3556
    expect(d.capabilityScores).toEqual({});
    expect(d.selectedAgent).toBe('y');
    expect(d.selectionReason).toBe('Selected y with capability_score=0.00, bid=20 sats, combined=0.36');
    expect(decide('Fix it', {}, []).selectedAgent).toBeNull();
  });

  it('scores an unregistered bidder 0', () => {
    const d = decide('Fix the bug in the function', [['stranger', 10], ['forge', 60]]);
    // stranger: 0 + 0.4 × 1 = 0.4; forge: (0.3 + 0.1 + 0.1 + 0.1) × 0.6 + 0.4 × (40/90) = 0.36 + 0.1778 = 0.5378
    expect(d.selectedAgent).toBe('forge');
    expect(d.capabilityScores).not.toHaveProperty('stranger');
  });

  it('keeps bid order for Maps and pair lists, last bid winning for a repeated agent', () => {
    expect([...normalizeBids([['b', 1], ['a', 2], ['b', 3]])]).toEqual([['b', 3], ['a', 2]]);
  });

  it('rejects bids that are not finite numbers with a clear message', () => {
    expect(() => decide('x', { forge: Number.NaN })).toThrow('the bid of "forge" must be a finite number');
    expect(() => decide('x', { forge: '40' as unknown as number })).toThrow(/finite number, got 40/);
    expect(() => decide('x', [['', 3]])).toThrow(/non-empty string/);
  });
});
