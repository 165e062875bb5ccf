// A command line the command cannot run as given: an unknown option, an option without its value, a
// value out of range, an extra file name. Thrown while the options are read, before any work, and
// turned by commandRunner into one message, a pointer to the command's --help, and exit code 2 (the
// usual code for a usage error, so a script can tell it from a run that failed on its data).
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
