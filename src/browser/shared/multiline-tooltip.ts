// *****************************************************************************
// Status-bar hovers that keep their lines: Theia runs the lines of a plain string tooltip together.
// *****************************************************************************

export function multilineTooltip(text: string): HTMLElement {
    const element = document.createElement('div');
    element.className = 'session-health-tooltip';
    element.textContent = text;
    return element;
}
