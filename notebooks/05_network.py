# %% [markdown]
# # 05 · Who writes to whom
#
# **Question.** Who are the correspondents in the release, which agency does each belong to, who exchanges
# the most messages with whom, and who connects the police department to ICE?
#
# **Why it matters.** If almost every path from a police officer to an ICE officer runs through one person,
# that person is the channel through which information moves, whatever the organisation chart says.
#
# **Inputs.** `messages.parquet` in `processed_dir`; the agency reference table `agencies_file` (email domain
# to agency and side).
#
# **Outputs.** `network` figure (PNG, and the edge list as CSV) in `figures_dir`; the tables of correspondents,
# brokers and busiest pairs below, with example message ids and where they are printed.
#
# **Method.** Every sender and every To/Cc recipient of a unique message is a correspondent, identified by email
# address, or by name where no address is shown (a name is matched to an address the release shows for the same
# person elsewhere). Each message adds one to the edge from its sender to each recipient. Agencies come from
# email domains. Brokers are measured on the contact graph, ignoring direction: the share of police-ICE
# shortest paths that pass through a person, and the police-ICE pairs that would have no path at all without
# them.
#
# **Limits.** Only people in message headers are counted; people written about are never part of the graph. A
# correspondent shown only by a name that cannot be matched to an address has no agency. Shared mailboxes (a
# duty inbox) appear as one correspondent. Contact is not cooperation: a message copied to someone counts as
# contact whether or not they read it. The graph covers only the released date windows.

# %% tags=["parameters"]
release_dir = "data/raw/sample"
processed_dir = "data/processed/sample"
figures_dir = "reports/sample-private/html/figures"
agencies_file = "lib/reference/agencies.csv"

# %%
from lib.core import directory
from lib.core.paths import resolve
from lib.notebook_kit import open_release
from lib.timeline import network

release = open_release(processed_dir, figures_dir, max_colwidth=80)
messages = release.table("messages", columns=directory.MESSAGE_COLUMNS)  # no texts
agencies = directory.load_agencies(resolve(agencies_file))
graph = network.build_graph(messages, agencies)
people = network.correspondents(graph)
print(f"{graph.number_of_nodes()} correspondents, {graph.number_of_edges()} sender-to-recipient links; "
      f"{int(people['agency'].notna().sum())} with an agency known from their address.")

# %% [markdown]
# ## Correspondents
# Messages sent and received by each correspondent (unique messages; a message to three people counts once
# for each recipient).

# %%
people.head(12)

# %%
people.groupby(people["side"].fillna("unknown"))["correspondent"].count().rename_axis("side").reset_index(
    name="correspondents")

# %% [markdown]
# ## The network
# Police on the left, ICE on the right, everyone else in between; the busiest at the top of each column. Circle
# size is messages sent and received; line width is messages exchanged.

# %%
fig = network.draw_network(graph, title="Who writes to whom")
release.publish(
    fig, network.edge_table(graph), "network",
    caption="Correspondents in the release and the messages between them, coloured by agency.",
    alt="Network drawing with police correspondents in a column on the left, ICE correspondents on the right and "
        "other agencies in the middle; lines between them are thicker for more messages.",
    source="processed message table; senders and To/Cc recipients of unique messages; agencies from email domains",
)

# %% [markdown]
# ## Who connects police and ICE
# `police-ICE paths through`: police-ICE pairs whose shortest paths pass through the person (a pair with two
# equally short paths counts half for each). `pairs cut off without them`: police-ICE pairs with no path at all
# if the person were removed.

# %%
network.brokers(graph).head(8)

# %% [markdown]
# ## Busiest pairs
# Pairs of correspondents by messages exchanged in either direction, with the first messages of each pair and
# where they are printed.

# %%
network.top_pairs(messages, agencies, n=10).head(10)

# %% [markdown]
# ## How to check these figures
# The edge list behind the drawing (`network.csv`) gives, for each sender and recipient, every message id. The
# pairs table gives file, page and Bates number for its examples.
