// Folding a partial benchmark run into bench/results/latest.*: rows measured again and retired rows go from older runs.
import { expect } from 'chai';
import { BenchRun, mergeRun } from '../../../bench/merge-results';

const machine = { cpuModel: 'x', cores: 2, memoryGiB: 24, os: 'Debian', node: '20' };
const run = (date: string, names: string[]): BenchRun => ({
    date, commit: 'c', loadAverage: [1, 1, 1], machine, rows: names.map(name => ({ name, p50: 1, p95: 1, unit: 'ms' }))
});

describe('bench merge-results', () => {
    it('leaves the retired two-window idle rows of bench/connection.ts out of older runs, and keeps the rest', () => {
        const older = run('2026-12-01T00:00:00Z', ['idle wire cost over stock Theia', 'idle main-thread time over stock Theia', 'silent drop → our offline (7 runs)']);
        const merged = mergeRun({ merged: '', runs: [older] }, run('2026-12-07T00:00:00Z', ['idle main-thread time over stock Theia, view open (live chart) (12 × 20 s, both tabs at once)']));
        expect(merged.runs.map(r => r.rows.map(row => row.name))).to.deep.equal([
            ['idle main-thread time over stock Theia, view open (live chart) (12 × 20 s, both tabs at once)'],
            ['silent drop → our offline (7 runs)']
        ]);
    });
});
