// *****************************************************************************
// statfs(2) filesystem magic numbers (linux/magic.h) and the mountinfo fs types they belong to.
// *****************************************************************************

export const FS_MAGIC: Readonly<Record<number, string>> = {
    0xef53: 'ext4',
    0x58465342: 'xfs',
    0x9123683e: 'btrfs',
    0x2fc12fc1: 'zfs',
    0xf2f52010: 'f2fs',
    0x01021994: 'tmpfs',
    0x858458f6: 'ramfs',
    0x794c7630: 'overlay',
    0x61756673: 'aufs',
    0x6969: 'nfs',
    0xff534d42: 'cifs',
    0xfe534d42: 'smb2',
    0x00c36400: 'ceph',
    0x65735546: 'fuse',
    0x01021997: '9p',
    0x4d44: 'vfat',
    0x2011bab0: 'exfat',
    0x5346544e: 'ntfs',
    0x73717368: 'squashfs',
    0x9fa0: 'proc',
    0x62656572: 'sysfs'
};

/** The magic family of a mountinfo fs type, for cross-checking; undefined when not known. */
export function magicNameForFsType(fsType: string): string | undefined {
    switch (fsType) {
        case 'ext2': case 'ext3': case 'ext4': return 'ext4';
        case 'tmpfs': case 'devtmpfs': case 'shm': return 'tmpfs';
        case 'nfs': case 'nfs4': return 'nfs';
        case 'cifs': case 'smb3': return 'cifs';
        case 'xfs': case 'btrfs': case 'zfs': case 'f2fs': case 'ramfs': case 'overlay': case 'aufs': case 'ceph':
        case '9p': case 'vfat': case 'exfat': case 'squashfs': case 'proc': case 'sysfs':
            return fsType;
        default:
            return fsType.startsWith('fuse') ? 'fuse' : undefined;
    }
}

export function magicName(magic: number | undefined): string | undefined {
    return magic === undefined ? undefined : FS_MAGIC[magic >>> 0];
}

export function formatMagic(magic: number): string {
    return '0x' + (magic >>> 0).toString(16);
}

/** Two names are the same filesystem for the cross-check (smb2 and cifs are one client). */
export function sameFamily(a: string, b: string): boolean {
    const norm = (n: string) => n === 'smb2' ? 'cifs' : n;
    return norm(a) === norm(b);
}
