// `npm run policy -- show <name>` prints a shared access policy's connection string from the store;
// `npm run policy -- list` names the policies and their rights.
import { findAccessPolicy, ensureDefaultPolicies } from "@/lib/data/access-policies";
import { getStore } from "@/lib/data/store";
import { runWithStore } from "./run-with-store";
import { serviceConnectionString } from "@/lib/domain/identity";
import { env } from "@/lib/env";

async function main() {
  const [command, name] = process.argv.slice(2);
  const store = await getStore();
  await ensureDefaultPolicies({ ownerKey: env.EDGEDECK_OWNER_KEY });
  if (command === "show" && name) {
    const policy = await findAccessPolicy(name);
    if (!policy) throw new Error(`No shared access policy named '${name}'`);
    console.log(serviceConnectionString({ host: env.HUB_HOSTNAME, policyName: policy.keyName, key: policy.primaryKey }));
  } else if (command === "list") {
    const rows = await store.query<{ key_name: string; rights: string[] }>("select key_name, rights from access_policies order by key_name", []);
    for (const row of rows) console.log(`${row.key_name}\t${row.rights.join(", ")}`);
  } else {
    throw new Error("usage: npm run policy -- show <name> | list");
  }
}

runWithStore(main);
