// *****************************************************************************
// YAML text for the Kubernetes snippets the fixes show (storage remediation, probe fixes): plain objects, arrays,
// strings, numbers, booleans and comments, written as the `yaml` package writes them (`Document.toString({ lineWidth: 0 })`,
// checked byte for byte by a test) without its 70 KiB in every tab (issue 28). Any string is valid YAML by
// construction: one that is not safe as a plain scalar is quoted. Pure.
// *****************************************************************************

export interface YamlDocument {
    /** A comment before the document (its lines each get `#`; a leading space is kept as written). */
    comment?: string;
    value: unknown;
    /** Comment lines after the block map at a path (its last line, at the map's indentation). */
    trailingComments?: { at: readonly (string | number)[]; comment: string }[];
}

/** Where a string must not be plain in block context: the `yaml` package's own test. */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** Plain text the core schema would read as null, a boolean or a number. */
const CORE_NON_STRINGS = [
    /^(?:~|[Nn]ull|NULL)?$/, /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, /^0o[0-7]+$/, /^[-+]?[0-9]+$/, /^0x[0-9a-fA-F]+$/,
    /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/
];
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

function doubleQuoted(s: string): string {
    // JSON escapes quotes, backslashes and C0 controls; YAML also wants DEL, C1, BOM and the line separators escaped.
    return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function quoted(s: string): string {
    if (CONTROL.test(s)) {
        return doubleQuoted(s);
    }
    return s.includes('"') && !s.includes('\'') ? `'${s}'` : doubleQuoted(s);
}

export function yamlString(s: string): string {
    if (CONTROL.test(s) || NOT_PLAIN.test(s) || CORE_NON_STRINGS.some(re => re.test(s))) {
        return quoted(s);
    }
    return s;
}

function scalar(v: unknown): string {
    if (v === null) {
        return 'null';
    }
    switch (typeof v) {
        case 'string': return yamlString(v);
        case 'boolean': return String(v);
        case 'number': return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
        default: throw new Error(`yamlText: cannot write a ${typeof v}`);
    }
}

type Path = readonly (string | number)[];
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const samePath = (a: Path, b: Path) => a.length === b.length && a.every((x, i) => x === b[i]);
/** An array or map with nothing to write (`yaml` leaves out undefined values): written `[]` / `{}` on one line. */
const emptyCollection = (v: unknown[] | Record<string, unknown>) => Array.isArray(v) ? v.length === 0 : Object.values(v).every(x => x === undefined);

class Writer {
    readonly lines: string[] = [];
    constructor(protected readonly trailing: NonNullable<YamlDocument['trailingComments']>) { }

    /** Lines of a non-empty collection whose first line may continue `first` (a `- ` of the item that holds it). */
    block(v: unknown[] | Record<string, unknown>, indent: number, path: Path, first?: string): void {
        let lead = first;
        /** The start of the next line: `first` once, then the indentation. */
        const prefix = () => {
            const p = lead ?? ' '.repeat(indent);
            lead = undefined;
            return p;
        };
        if (Array.isArray(v)) {
            v.forEach((item, i) => this.entry('- ', item, indent, [...path, i], prefix));
        } else {
            Object.entries(v).filter(([, x]) => x !== undefined)
                .forEach(([k, x]) => this.entry(`${yamlString(k)}:`, x, indent, [...path, k], prefix));
            for (const t of this.trailing.filter(c => samePath(c.at, path))) {
                t.comment.split('\n').forEach(c => this.lines.push(`${prefix()}#${c}`));
            }
        }
    }

    protected entry(head: string, v: unknown, indent: number, path: Path, prefix: () => string): void {
        const item = head === '- ';
        const inline = (text: string) => this.lines.push(`${prefix()}${head}${item ? '' : ' '}${text}`);
        if (!Array.isArray(v) && !isMap(v)) {
            inline(scalar(v));
        } else if (emptyCollection(v)) {
            inline(Array.isArray(v) ? '[]' : '{}');
        } else if (item) {
            // `- key: value` / `- - x`: the collection starts on the dash's line, indented under it.
            this.block(v, indent + 2, path, `${prefix()}- `);
        } else {
            this.lines.push(`${prefix()}${head}`);
            this.block(v, indent + 2, path);
        }
    }
}

/** One document as `yaml`'s `Document.toString({ lineWidth: 0 })` writes it (ends with a newline). */
export function yamlText(doc: YamlDocument): string {
    const head = doc.comment !== undefined ? doc.comment.split('\n').map(c => `#${c}`).join('\n') + '\n\n' : '';
    const v = doc.value;
    if (!Array.isArray(v) && !isMap(v)) {
        return head + scalar(v) + '\n';
    } else if (emptyCollection(v)) {
        return head + (Array.isArray(v) ? '[]' : '{}') + '\n';
    }
    const writer = new Writer(doc.trailingComments ?? []);
    writer.block(v, 0, []);
    return head + writer.lines.join('\n') + '\n';
}
