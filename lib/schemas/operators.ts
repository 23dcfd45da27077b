import { z } from "zod";
import { ROLES } from "@/lib/domain/access";
import { RIGHTS } from "@/lib/domain/identity";

/** Request bodies of operator access: sign-in, users, shared access policies. */
export const credentialsSchema = z.strictObject({
  username: z.string().max(64),
  password: z.string().max(4096),
});

export const passwordChangeSchema = z.strictObject({
  currentPassword: z.string().max(4096),
  newPassword: z.string().max(4096),
});

export const userCreateSchema = z.strictObject({
  username: z.string().max(64),
  password: z.string().max(4096),
  role: z.enum(ROLES),
});

export const userUpdateSchema = z
  .strictObject({
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional(),
    password: z.string().max(4096).optional(),
  })
  .refine((v) => v.role !== undefined || v.disabled !== undefined || v.password !== undefined, {
    message: "name at least one of role, disabled, password",
  });

export const policyCreateSchema = z.strictObject({
  keyName: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, "1-64 characters of A-Z a-z 0-9 _ . -"),
  rights: z.array(z.enum(RIGHTS)).min(1, "grant at least one right").max(4),
});

export const keyChoiceSchema = z.strictObject({ key: z.enum(["primary", "secondary"]) });
