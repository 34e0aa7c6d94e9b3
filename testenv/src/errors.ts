/** A control-plane component failed: names the component, the command that ran, and where its log is. */
export class ComponentError extends Error {
  override readonly name = 'ComponentError';
  constructor(
    readonly component: string,
    message: string,
    readonly command?: string,
    readonly logPath?: string,
    options?: { cause?: unknown },
  ) {
    super(
      [`${component}: ${message}`, command && `  command: ${command}`, logPath && `  log: ${logPath}`]
        .filter(Boolean)
        .join('\n'),
      options,
    );
  }
}
