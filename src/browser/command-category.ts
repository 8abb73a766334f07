// *****************************************************************************
// The command palette category of every Session Health command (the "Session Health: …" prefix).
// *****************************************************************************

export const SESSION_HEALTH_CATEGORY = 'Session Health';
