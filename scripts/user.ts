// `npm run user -- create <username> --role admin|operator|viewer`, `reset-password <username>`,
// `disable <username>`, `enable <username>`, `list`. Passwords are read from the terminal (or from
// EDGEDECK_PASSWORD for scripts), never from the command line. With PGlite, stop the server first.
import { parseArgs } from "node:util";
import { createInterface } from "node:readline/promises";
import { hashPassword } from "@/lib/auth/password-hash";
import { createUser, findUserForLogin, listUsers, updateUser } from "@/lib/data/operator-users";
import { getStore } from "@/lib/data/store";
import { runWithStore } from "./run-with-store";
import { normalizeUsername, ROLES, validatePassword, type Role } from "@/lib/domain/access";

const context = () => ({ actor: "cli", now: new Date(), clientAddress: "local" });

async function readPassword(prompt: string): Promise<string> {
  const fromEnv = process.env.EDGEDECK_PASSWORD;
  if (fromEnv) return validatePassword(fromEnv);
  if (!process.stdin.isTTY) throw new Error("No terminal to read the password from: set EDGEDECK_PASSWORD");
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Hide the typed characters.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
    if (s.includes(prompt)) process.stdout.write(prompt);
  };
  const password = await rl.question(prompt);
  rl.close();
  process.stdout.write("\n");
  return validatePassword(password);
}

async function requireUser(name: string | undefined) {
  const user = await findUserForLogin(normalizeUsername(name));
  if (!user) throw new Error(`No user named '${name}'`);
  return user;
}

async function main() {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { role: { type: "string", default: "admin" } } });
  const [command, name] = positionals;
  await getStore();
  switch (command) {
    case "create": {
      if (!ROLES.includes(values.role as Role)) throw new Error(`--role must be one of ${ROLES.join(", ")}`);
      const username = normalizeUsername(name);
      const passwordHash = await hashPassword(await readPassword(`Password for ${username}: `));
      const user = await createUser({ username, passwordHash, role: values.role as Role }, context());
      console.log(`created ${user.username} (${user.role})`);
      break;
    }
    case "reset-password": {
      const user = await requireUser(name);
      const passwordHash = await hashPassword(await readPassword(`New password for ${user.username}: `));
      await updateUser(user.id, { passwordHash }, context());
      console.log(`password of ${user.username} changed; their sessions are ended`);
      break;
    }
    case "disable":
    case "enable": {
      const user = await requireUser(name);
      await updateUser(user.id, { disabled: command === "disable" }, context());
      console.log(`${user.username} ${command}d`);
      break;
    }
    case "list":
      for (const u of await listUsers()) console.log(`${u.username}\t${u.role}${u.disabled ? "\tdisabled" : ""}`);
      break;
    default:
      throw new Error("usage: npm run user -- create <name> [--role admin|operator|viewer] | reset-password <name> | disable <name> | enable <name> | list");
  }
}

runWithStore(main);
