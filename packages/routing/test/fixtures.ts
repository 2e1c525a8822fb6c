import { createManifest } from '../src/manifest.js';
import type { CapabilityManifest } from '../src/manifest.js';

/** Three small agents used across the routing tests (hand-made, not the reference router's personas). */
export const forge: CapabilityManifest = createManifest({
  agentId: 'forge',
  agentName: 'Forge',
  capabilities: ['code', 'debugging'],
  keywords: ['refactor', 'bug'],
  rateSats: 55,
});
export const quill: CapabilityManifest = createManifest({
  agentId: 'quill',
  agentName: 'Quill',
  capabilities: ['write', 'editing'],
  keywords: ['readme', 'draft'],
  rateSats: 45,
});
export const mace: CapabilityManifest = createManifest({
  agentId: 'mace',
  agentName: 'Mace',
  capabilities: ['security'],
  keywords: ['vulnerability', 'firewall'],
  rateSats: 75,
});
export const TEAM: readonly CapabilityManifest[] = [forge, quill, mace];

export const FIXED_NOW = new Date('2026-03-01T12:00:00.250Z');
