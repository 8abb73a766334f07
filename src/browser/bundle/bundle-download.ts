// *****************************************************************************
// Saves text as a file from the page: a Blob, an object URL and a clicked anchor with `download`.
// *****************************************************************************

export function downloadText(text: string, fileName: string, type = 'application/json'): void {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = fileName;
    anchor.style.display = 'none';
    document.body.appendChild(anchor);
    try {
        anchor.click();
    } finally {
        anchor.remove();
        // The download has started from the click; give the browser a moment before the URL goes.
        setTimeout(() => URL.revokeObjectURL(url), 10000);
    }
}
