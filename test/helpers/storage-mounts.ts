// Real kernel mounts for the storage tests (root only). Every mount is recorded and undone by unmountAll().
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export function isRoot(): boolean {
    return typeof process.getuid === 'function' && process.getuid() === 0 && process.platform === 'linux';
}

/** Why the real-mount tests cannot run here, or undefined when they can. */
export function mountSkipReason(): string | undefined {
    if (process.platform !== 'linux') {
        return `real mounts need Linux (this is ${process.platform})`;
    }
    if (!isRoot()) {
        return 'real mounts need root (run the suite as root, as CI does)';
    }
    return undefined;
}

export class MountSet {
    protected readonly mounted: string[] = [];

    run(cmd: string, args: string[]): string {
        return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    }

    protected mount(args: string[], target: string): string {
        fs.mkdirSync(target, { recursive: true });
        this.run('mount', [...args, target]);
        this.mounted.push(target);
        return target;
    }

    tmpfs(target: string, size = '16m'): string {
        return this.mount(['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs'], target);
    }

    /** An overlay whose lower/upper/work dirs live on their own tmpfs (works even when the tree is itself on overlay). */
    overlay(target: string, backing: string): string {
        this.tmpfs(backing);
        for (const d of ['lower', 'upper', 'work']) {
            fs.mkdirSync(path.join(backing, d), { recursive: true });
        }
        fs.writeFileSync(path.join(backing, 'lower', 'from-lower.txt'), 'lower\n');
        return this.mount(['-t', 'overlay', '-o', `lowerdir=${backing}/lower,upperdir=${backing}/upper,workdir=${backing}/work`, 'overlay'], target);
    }

    /** An ext4 image file on a loop device. */
    ext4Loop(image: string, target: string, sizeMb = 32): string {
        this.run('truncate', ['-s', `${sizeMb}M`, image]);
        this.run('mkfs.ext4', ['-q', '-F', image]);
        return this.mount(['-o', 'loop', image], target);
    }

    bind(source: string, target: string): string {
        fs.mkdirSync(source, { recursive: true });
        return this.mount(['--bind', source], target);
    }

    /** Unmounts everything in reverse order; lazily when busy. Never throws. */
    unmountAll(): string[] {
        const problems: string[] = [];
        for (const target of this.mounted.splice(0).reverse()) {
            try {
                this.run('umount', [target]);
            } catch {
                try {
                    this.run('umount', ['-l', target]);
                } catch (e) {
                    problems.push(`${target}: ${e instanceof Error ? e.message : String(e)}`);
                }
            }
        }
        return problems;
    }
}
