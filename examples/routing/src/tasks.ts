/** The stream of tasks the swarm routes. One of them interests nobody (no bids). */
export const TASKS: ReadonlyArray<{ id: string; description: string }> = [
  { id: 'task-1', description: 'Fix the bug in the checkout function and add a regression test' },
  { id: 'task-2', description: 'Draft the README and the release notes for v2' },
  { id: 'task-3', description: 'Audit the firewall rules for the CVE-2026-1234 vulnerability' },
  { id: 'task-4', description: "Chart the weekly signup trend and forecast next month's metric" },
  { id: 'task-5', description: 'Refactor the billing API and write docs for it' },
  { id: 'task-6', description: 'Water the office plants' },
  { id: 'task-7', description: 'Scan the metrics dashboard for signs of an intrusion' },
  { id: 'task-8', description: 'Implement a class for rate limiting' },
];
