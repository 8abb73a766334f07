// *****************************************************************************
// The contribution point through which another capability (the work journal) tells connection/ about unsaved
// work: a tooltip line and a write-out before a reload. connection/ owns it so that it imports no capability.
// *****************************************************************************

export const UnsavedWorkContribution = Symbol('UnsavedWorkContribution');
export interface UnsavedWorkContribution {
    /** A line for the connection tooltip; undefined when there is nothing to say. */
    tooltipLine(): string | undefined;
    /** Writes the unsaved work out before a reload; resolves true when all of it is kept. */
    keepBeforeReload(): Promise<boolean>;
}
