// *****************************************************************************
// Text for Theia notifications, which render their message as markdown (markdown-it) and run a clicked
// `command:` link. Everything that is not a constant of ours (a path, a setting value, a host name, an
// error from the server) goes through `escapeMarkdown`, or is interpolated with the `plainMarkdown` tag.
// *****************************************************************************

/** Every ASCII punctuation character that CommonMark lets a backslash escape: escaped, it is shown literally. */
const MARKDOWN_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

/** `text` as markdown that renders to exactly `text`: no link, no emphasis, no code, no autolink, no entity. */
export function escapeMarkdown(text: string): string {
    return String(text).replace(MARKDOWN_PUNCTUATION, '\\$&');
}

/** Tagged template: the constant parts stay as written, every interpolated value is escaped. */
export function plainMarkdown(constants: TemplateStringsArray, ...values: unknown[]): string {
    let out = constants[0];
    values.forEach((value, i) => {
        out += escapeMarkdown(value instanceof Error ? value.message : String(value)) + constants[i + 1];
    });
    return out;
}
