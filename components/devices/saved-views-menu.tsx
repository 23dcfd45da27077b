"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { deleteView, fetchViews, saveView } from "./fleet-api";

const VIEWS_KEY = ["views"];

/** Your saved views: pick one to load its URL state, save the current one under a name. */
export function SavedViewsMenu({ current, onOpen }: { current: string; onOpen: (state: string) => void }) {
  const toast = useToast();
  const client = useQueryClient();
  const views = useQuery({ queryKey: VIEWS_KEY, queryFn: fetchViews });
  const [name, setName] = useState("");
  const selectId = useId();
  const nameId = useId();
  const save = useMutation({
    mutationFn: () => saveView(name.trim(), current),
    onSuccess: (view) => {
      toast("success", `Saved view “${view.name}”`);
      setName("");
      void client.invalidateQueries({ queryKey: VIEWS_KEY });
    },
    onError: (error) => toast("error", `Could not save the view: ${error.message}`),
  });
  const remove = useMutation({
    mutationFn: (id: string) => deleteView(id),
    onSuccess: () => {
      toast("success", "View deleted");
      void client.invalidateQueries({ queryKey: VIEWS_KEY });
    },
    onError: (error) => toast("error", `Could not delete the view: ${error.message}`),
  });
  const selected = views.data?.find((v) => v.state === current);

  return (
    <div className="flex flex-wrap items-end gap-2 text-sm">
      <label htmlFor={selectId} className="block">
        <span className="mb-1 block font-medium">Saved views</span>
        <select
          id={selectId}
          disabled={!views.data}
          value={selected?.id ?? ""}
          onChange={(e) => {
            const view = views.data?.find((v) => v.id === e.target.value);
            if (view) onOpen(view.state);
          }}
          className="rounded-md border border-slate-300 bg-white px-2 py-1.5 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-700 dark:bg-slate-900"
        >
          <option value="">{views.isError ? "Could not load views" : views.data ? "— choose —" : "Loading…"}</option>
          {views.data?.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      {selected ? (
        <Button type="button" variant="secondary" onClick={() => remove.mutate(selected.id)} disabled={remove.isPending}>
          Delete view
        </Button>
      ) : null}
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) save.mutate();
        }}
      >
        <label htmlFor={nameId}>
          <span className="mb-1 block font-medium">View name</span>
          <input
            id={nameId}
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-slate-700 dark:bg-slate-900"
          />
        </label>
        <Button type="submit" variant="secondary" disabled={!name.trim() || save.isPending}>
          Save view
        </Button>
      </form>
    </div>
  );
}
