// `kizuna meetings`: when each mechanism is next due (overdue and due-soon flagged), an iCalendar feed,
// and `kizuna meetings add` to record a meeting.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { dueMeetings, meetingsCalendar, recordMeeting } from '../../ops/tracking-meetings.js';
import { withRegister } from '../../ops/open-register.js';
import { UsageError, parseCommandArgs, type Command, dataOption, dataUsage, CLI_SCOPE } from '../io.js';

export const meetingsCommand: Command = {
  usage: `Usage: kizuna meetings [--due] [--ical FILE] [--regular-months N] [--json] [--data DIR]
       kizuna meetings add MECHANISM-ID --date YYYY-MM-DD [--place P] [--level L] [--outcome TEXT] [--author NAME]

  --due               only mechanisms overdue or due within 60 days
  --ical FILE         write an iCalendar (RFC 5545) feed of due meetings, plan expiries and dated instruments
  --regular-months N  how many months "regular" means (default 12)
${dataUsage}`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      due: { type: 'boolean' },
      ical: { type: 'string' },
      'regular-months': { type: 'string' },
      json: { type: 'boolean' },
      date: { type: 'string' },
      place: { type: 'string' },
      level: { type: 'string' },
      outcome: { type: 'string' },
      author: { type: 'string' },
      ...dataOption,
    });
    const regular = values['regular-months'];
    if (regular !== undefined && !/^[1-9]\d*$/.test(regular)) throw new UsageError('--regular-months must be a positive whole number');
    const options = regular ? { regularMonths: Number(regular) } : {};
    if (positionals[0] === 'add') {
      const mechanismId = positionals[1];
      if (!mechanismId || positionals.length > 2) throw new UsageError('give exactly one mechanism id');
      if (!values.date) throw new UsageError('--date is required');
      return withRegister(values.data, io.env, async (store) => {
        const meeting = await recordMeeting(store, {
          mechanismId,
          date: values.date!,
          place: values.place ?? null,
          level: values.level ?? null,
          outcome: values.outcome ?? null,
          author: values.author ?? io.env.KIZUNA_AUTHOR ?? io.env.USER ?? '',
        });
        io.out(values.json ? JSON.stringify(meeting, null, 2) + '\n' : `recorded meeting ${meeting.id} of ${mechanismId} on ${meeting.date}\n`);
        return 0;
      });
    }
    if (positionals.length) throw new UsageError(`unknown argument '${positionals[0]}'`);
    return withRegister(values.data, io.env, async (store) => {
      if (values.ical) {
        const path = resolve(io.cwd, values.ical);
        await writeFile(path, await meetingsCalendar(store, CLI_SCOPE, new Date(), options));
        io.err(`wrote ${path}\n`);
      }
      let rows = await dueMeetings(store, CLI_SCOPE, new Date(), options);
      if (values.due) rows = rows.filter((r) => r.state === 'overdue' || r.state === 'due_soon');
      if (values.json) {
        io.out(JSON.stringify(rows, null, 2) + '\n');
        return 0;
      }
      for (const r of rows) {
        const flag = r.state === 'overdue' ? 'OVERDUE ' : r.state === 'due_soon' ? 'due soon' : r.state.padEnd(8);
        io.out(`${flag}  ${r.nextDue ?? '          '}  ${r.mechanismId}  ${r.name} (${r.cadence}; last ${r.lastMeeting ?? 'never'})\n`);
      }
      return 0;
    });
  },
};
