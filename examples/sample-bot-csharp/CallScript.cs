using Microsoft.Graph.Communications.Calls;
using Microsoft.Graph.Communications.Resources;
using Microsoft.Graph.Models;

namespace GraphCommsMock.SampleBot;

/// <summary>
/// What the bot does with each incoming call, the same script as the Node sample: answer with
/// service-hosted media, wait until established, play a prompt (the SDK waits for the operation's
/// notification, matched by clientContext), hold the caller with music, take them off hold, hang up.
/// </summary>
public sealed class CallScript(Settings settings, Action<string> log)
{
    private static readonly TimeSpan StepLimit = TimeSpan.FromSeconds(30);

    /// <summary>How long the caller hears hold music.</summary>
    private static readonly TimeSpan HoldFor = TimeSpan.FromSeconds(2);

    public async Task RunAsync(ICall call)
    {
        try
        {
            log($"call {call.Id} is ringing; answering");
            var established = Until(call, c => c.Resource.State == CallState.Established);
            await call.AnswerAsync(new ServiceHostedMediaConfig(), [Modality.Audio]).WaitAsync(StepLimit);
            await established.WaitAsync(StepLimit);
            log($"call {call.Id} is established; playing a prompt");

            var result = await call.PlayPromptAsync([Prompt("welcome")]).WaitAsync(StepLimit);
            log($"prompt finished: {result.ResultInfo?.Code} {result.ResultInfo?.Message}");

            var caller = await CallerAsync(call);
            log($"holding {caller.Resource.Info?.Identity?.User?.DisplayName ?? caller.Id}");
            // StartHoldMusicAsync in 1.2.0.18742 sends a clientContext but waits for another one it
            // makes up, so it never completes on its own (the mock's operation notification names
            // the context that was sent, as Graph's does). The caller hears music for HoldFor; then
            // the wait is given up and the music stopped.
            using (var holding = new CancellationTokenSource(HoldFor))
            {
                try
                {
                    await caller.StartHoldMusicAsync(Prompt("hold-music"), holding.Token);
                }
                catch (OperationCanceledException) when (holding.IsCancellationRequested)
                {
                }
            }
            await caller.StopHoldMusicAsync().WaitAsync(StepLimit);
            log("taken off hold; hanging up");
            await call.DeleteAsync().WaitAsync(StepLimit);
            log($"call {call.Id} hung up");
        }
        catch (Exception e)
        {
            log($"call {call.Id} failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private static MediaPrompt Prompt(string name) => new()
    {
        MediaInfo = new MediaInfo { Uri = $"https://bot.contoso.com/audio/{name}.wav", ResourceId = name },
    };

    /// <summary>The first participant that is not this bot, once the roster notification has named one.</summary>
    private async Task<IParticipant> CallerAsync(ICall call)
    {
        IParticipant? Find() => call.Participants.FirstOrDefault(p => p.Resource.Info?.Identity?.Application?.Id != settings.AppId);
        var found = new TaskCompletionSource<IParticipant>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRoster(IParticipantCollection sender, CollectionEventArgs<IParticipant> args)
        {
            if (Find() is { } p)
                found.TrySetResult(p);
        }
        call.Participants.OnUpdated += OnRoster;
        try
        {
            if (Find() is { } already)
                return already;
            return await found.Task.WaitAsync(StepLimit);
        }
        finally
        {
            call.Participants.OnUpdated -= OnRoster;
        }
    }

    /// <summary>Completes when a notification has brought the call to the condition.</summary>
    private static Task Until(ICall call, Func<ICall, bool> condition)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnUpdated(ICall sender, ResourceEventArgs<Call> args)
        {
            if (condition(sender))
            {
                reached.TrySetResult();
                call.OnUpdated -= OnUpdated;
            }
        }
        call.OnUpdated += OnUpdated;
        if (condition(call))
            reached.TrySetResult();
        return reached.Task;
    }
}
